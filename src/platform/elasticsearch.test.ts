import { ConfigError, loadConfig } from './config';
import { createEsClient } from './elasticsearch';
import { withClusterSettings } from './index-admin';

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.join('\n');
    throw err;
  }
  return '';
}

describe('Elasticsearch configuration', () => {
  test('ES_URL may list every node of a cluster, and the client knows them all', () => {
    const config = loadConfig({ ES_URL: 'http://127.0.0.1:9200, http://127.0.0.1:9201,http://127.0.0.1:9202' });
    expect(config.esNodes).toEqual(['http://127.0.0.1:9200', 'http://127.0.0.1:9201', 'http://127.0.0.1:9202']);
    const es = createEsClient(config);
    expect(es.connectionPool.connections.map((c) => c.url.port)).toEqual(['9200', '9201', '9202']);
  });

  test('a request refused by one node is retried on another, so a dead node costs no failed request', async () => {
    const live = loadConfig(process.env).esNodes[0];
    const es = createEsClient(loadConfig({ ES_URL: `http://127.0.0.1:1,${live}` }));
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, () => es.cluster.health()));
      expect(answers.every((a) => typeof a.cluster_name === 'string')).toBe(true);
    } finally {
      await es.close();
    }
  });

  test('a call may wait longer than the default request timeout when it asks to (rebuild bulks), others may not', async () => {
    const es = createEsClient({ ...loadConfig(process.env), esRequestTimeoutMs: 300 });
    // the node holds this answer ~1.5 s, then says it timed out waiting (HTTP 408)
    const slow = (options?: { requestTimeout: number }) =>
      es.cluster.health({ wait_for_nodes: '>=99', timeout: '1500ms' }, options).then(
        () => 'answered',
        (err: Error) => err.name,
      );
    try {
      expect(await slow()).toBe('TimeoutError');
      expect(await slow({ requestTimeout: 20_000 })).toBe('ResponseError');
    } finally {
      await es.close();
    }
  });

  test('every entry of ES_URL must be an http(s) URL', () => {
    expect(problemsOf({ ES_URL: 'http://127.0.0.1:9200,not a url' })).toMatch(/ES_URL must be a URL/);
    expect(problemsOf({ ES_URL: 'ftp://127.0.0.1:9200' })).toMatch(/ES_URL must use http: or https:/);
  });

  test('user and password (or an API key) reach the client as its auth header', () => {
    const basic = createEsClient(loadConfig({ ES_USERNAME: 'norae', ES_PASSWORD: 's3cret' }));
    expect(basic.connectionPool.connections[0].headers?.authorization).toBe(
      `Basic ${Buffer.from('norae:s3cret').toString('base64')}`,
    );
    const key = createEsClient(loadConfig({ ES_API_KEY: 'a2V5' }));
    expect(key.connectionPool.connections[0].headers?.authorization).toBe('ApiKey a2V5');
    expect(loadConfig({}).esAuth).toBeUndefined();
  });

  test('half a credential, or both kinds at once, is a configuration error', () => {
    expect(problemsOf({ ES_USERNAME: 'norae' })).toMatch(/ES_USERNAME and ES_PASSWORD go together/);
    expect(problemsOf({ ES_API_KEY: 'k', ES_USERNAME: 'u', ES_PASSWORD: 'p' })).toMatch(
      /either ES_API_KEY or ES_USERNAME/,
    );
  });

  test('shard and replica counts are validated and unset by default', () => {
    expect(loadConfig({})).toMatchObject({ esShards: undefined, esReplicas: undefined });
    expect(loadConfig({ ES_SHARDS: '3', ES_REPLICAS: '1' })).toMatchObject({ esShards: 3, esReplicas: 1 });
    expect(problemsOf({ ES_SHARDS: '0', ES_REPLICAS: 'two' })).toMatch(
      /ES_SHARDS must be an integer from 1[\s\S]*ES_REPLICAS must be an integer from 0/,
    );
  });
});

describe('withClusterSettings', () => {
  const definition = { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s', 'index.max_ngram_diff': 40 };

  test('keeps the definition as is when config sets nothing', () => {
    expect(withClusterSettings(definition, {})).toEqual(definition);
  });

  test('overlays the configured shard and replica counts, leaving the other settings alone', () => {
    expect(withClusterSettings(definition, { esShards: 3, esReplicas: 1 })).toEqual({
      ...definition,
      number_of_shards: 3,
      number_of_replicas: 1,
    });
    expect(withClusterSettings(definition, { esReplicas: 2 })).toEqual({ ...definition, number_of_replicas: 2 });
  });
});
