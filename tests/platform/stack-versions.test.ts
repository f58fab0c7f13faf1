import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

const root = path.resolve(__dirname, '..', '..');
const stackEnv = Object.fromEntries(
  fs
    .readFileSync(path.join(root, 'scripts/stack.env'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split('=') as [string, string]),
);

describe('pinned versions', () => {
  const compose = YAML.parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

  test('docker-compose Elasticsearch and Kibana use the locally pinned Elasticsearch version', () => {
    expect(stackEnv.ES_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    expect(compose.services.elasticsearch.build.args.ES_VERSION).toBe(stackEnv.ES_VERSION);
    expect(compose.services.elasticsearch.image.split(':').pop()).toBe(stackEnv.ES_VERSION);
    expect(compose.services.kibana.image).toBe(`docker.elastic.co/kibana/kibana:${stackEnv.ES_VERSION}`);
  });

  test('docker-compose has health checks for every long-running service (one-shot jobs just exit)', () => {
    for (const [name, svc] of Object.entries<Record<string, unknown>>(compose.services).filter(
      ([, s]) => s.restart !== 'no',
    )) {
      expect({ name, healthcheck: Boolean(svc.healthcheck) }).toEqual({ name, healthcheck: true });
    }
  });

  test('@elastic/elasticsearch is pinned to the same major as the server', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@elastic/elasticsearch'].split('.')[0]).toBe(stackEnv.ES_VERSION.split('.')[0]);
  });

  test('the plugin builds default to the pinned Elasticsearch and Lucene versions', () => {
    for (const plugin of ['nori-plugin', 'common-lite-plugin']) {
      const pom = fs.readFileSync(path.join(root, 'analyzers', plugin, 'pom.xml'), 'utf8');
      expect(pom).toContain(`<elasticsearch.version>${stackEnv.ES_VERSION}</elasticsearch.version>`);
      expect(pom).toContain(`<lucene.version>${stackEnv.LUCENE_VERSION}</lucene.version>`);
    }
  });
});
