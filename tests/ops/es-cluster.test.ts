// A 3-node Elasticsearch cluster of this test's own (ports 9250-9252 / 9350-9352, started by scripts/stack.sh from the
// distribution the stack already fetched) loses one node to SIGKILL under a steady search load and during a rebuild.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/platform/config';
import { createDeps, closeDeps, type Deps } from '../../src/platform/deps';
import { ensureDatabase, migrate } from '../../src/platform/migrate';
import { aliasTargets, rebuildIndex, type RebuildSummary } from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import { createApp } from '../../src/app';
import { syntheticSongRows } from '../../scripts/bench-songs-data';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const stackEnv = Object.fromEntries(
  fs.readFileSync(path.join(ROOT, 'scripts/stack.env'), 'utf8').split('\n').filter((l) => /^[A-Z_]+=/.test(l)).map((l) => l.split('=') as [string, string]),
);
const NODES = 3;
const HTTP_PORT = 9250;
const TRANSPORT_PORT = 9350;
const nodeUrls = Array.from({ length: NODES }, (_, i) => `http://127.0.0.1:${HTTP_PORT + i}`);
// two bulk requests (index-admin writes 2000 rows per bulk): the kill lands after the first, while the second is written
const SONGS = 2_500;

/** The installed distribution (with our plugins): this checkout's .cache, else the one serving the suite's ES_URL. */
async function findEsHome(): Promise<string> {
  const candidates = [process.env.NORAE_ES_HOME, path.join(process.env.NORAE_CACHE ?? path.join(ROOT, '.cache'), 'es', `elasticsearch-${stackEnv.ES_VERSION}`)];
  const suiteEs = (process.env.ES_URL ?? 'http://127.0.0.1:9200').split(',')[0];
  const res = await fetch(`${suiteEs}/_nodes/_local/settings?filter_path=nodes.*.settings.path.home`).catch(() => undefined);
  if (res?.ok) {
    const body = (await res.json()) as { nodes: Record<string, { settings: { path: { home: string } } }> };
    candidates.push(...Object.values(body.nodes).map((n) => n.settings.path.home));
  }
  const home = candidates.find((c) => c && fs.existsSync(path.join(c, 'bin', 'elasticsearch')) && fs.existsSync(path.join(c, 'plugins', 'analysis-nori')));
  if (!home) throw new Error(`no Elasticsearch ${stackEnv.ES_VERSION} with analysis-nori found (tried ${candidates.filter(Boolean).join(', ')}): run scripts/stack.sh up first`);
  return home;
}

let stackDir: string;
let stackEnvVars: NodeJS.ProcessEnv;
let deps: Deps;
let baseUrl: string;
let server: ReturnType<ReturnType<typeof createApp>['listen']>;
let queries: string[];
let clusterStartedMs: number;

beforeAll(async () => {
  stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-es-cluster-'));
  fs.chmodSync(stackDir, 0o755); // Elasticsearch runs as an unprivileged user when we are root
  stackEnvVars = {
    ...process.env, ES_URL: '', ES_NODES: String(NODES), ES_HTTP_PORT: String(HTTP_PORT), ES_TRANSPORT_PORT: String(TRANSPORT_PORT),
    ES_NODE_HEAP: '512m', NORAE_CACHE: stackDir, NORAE_ES_HOME: await findEsHome(), NORAE_STACK_OWNER: 'es-cluster-test',
  };
  const started = Date.now();
  await run('bash', [path.join(ROOT, 'scripts/stack.sh'), 'es-up'], { env: stackEnvVars });
  clusterStartedMs = Date.now() - started;
  // nodes answering on our ports that this test did not start (a leftover cluster) must not be killed or trusted
  for (let i = 0; i < NODES; i++) expect(fs.existsSync(pidFile(i))).toBe(true);

  // its own database and prefixes: the rows it writes never meet the rest of the suite's
  const suite = loadConfig(process.env);
  const database = new URL(suite.databaseUrl);
  database.pathname = `${database.pathname}_cluster`;
  const config = loadConfig({
    ...process.env, ES_URL: nodeUrls.join(','), ES_SHARDS: '3', ES_REPLICAS: '1', ES_INDEX_PREFIX: `${suite.esIndexPrefix}cluster_`,
    DATABASE_URL: database.toString(), REDIS_PREFIX: `${suite.redisPrefix}cluster:`, RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    // three fresh JVMs on a machine shared with the rest of the suite: slow answers are not what this test is about
    ES_REQUEST_TIMEOUT_MS: '120000',
  });
  await ensureDatabase(config.databaseUrl, { recreate: true });
  deps = createDeps(config);
  await migrate(deps.pg);
  await syntheticSongRows(deps.pg, SONGS, () => undefined);
  queries = (await deps.pg.query<{ title: string }>('SELECT title FROM songs ORDER BY id LIMIT 20')).rows.map((r) => r.title);
  await rebuildIndex(deps, songsFamily);
  server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  server?.close();
  // the nodes are stopped first: nothing that follows may keep them running after a failed or timed-out test
  if (stackEnvVars) await run('bash', [path.join(ROOT, 'scripts/stack.sh'), 'down'], { env: stackEnvVars }).catch((err) => console.error(err));
  if (deps) await Promise.race([closeDeps(deps), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  if (process.env.NORAE_KEEP_CLUSTER_LOGS !== '1') fs.rmSync(stackDir, { recursive: true, force: true });
}, 120_000);

function pidFile(node: number): string {
  return path.join(stackDir, `es-${HTTP_PORT + node}.pid`);
}

/** Searches through the API, a few at a time, until stopped; every non-200 answer or network error is recorded. */
function searchLoad(concurrency: number) {
  const failures: string[] = [];
  let ok = 0;
  let stopped = false;
  const waiters: Array<{ atLeast: number; resolve: () => void }> = [];
  const worker = async (w: number) => {
    for (let i = w; !stopped; i += concurrency) {
      const q = queries[i % queries.length];
      try {
        const res = await fetch(`${baseUrl}/api/songs/search?q=${encodeURIComponent(q)}`);
        if (res.status === 200) ok++; else failures.push(`${res.status} ${await res.text()}`);
      } catch (err) {
        failures.push(`network: ${(err as Error).message}`);
      }
      for (const waiter of waiters.filter((x) => ok >= x.atLeast)) { waiters.splice(waiters.indexOf(waiter), 1); waiter.resolve(); }
    }
  };
  const workers = Array.from({ length: concurrency }, (_, w) => worker(w));
  return {
    failures,
    get ok() { return ok; },
    /** resolves once `more` further searches have succeeded */
    succeeded(more: number) { return new Promise<void>((resolve) => waiters.push({ atLeast: ok + more, resolve })); },
    async stop() { stopped = true; await Promise.all(workers); },
  };
}

test('the physical index takes its shard and replica counts from config', async () => {
  const alias = indexName(deps.config, 'songs');
  const [physical] = await aliasTargets(deps.es, alias);
  const settings = await deps.es.indices.getSettings({ index: physical });
  expect(settings[physical].settings?.index).toMatchObject({ number_of_shards: '3', number_of_replicas: '1' });
  // the JSON definition's other settings stay as they are
  expect(settings[physical].settings?.index?.max_ngram_diff).toBe('40');
});

test('SIGKILL of one node under search load and during a rebuild: 0 failed searches, the alias only ever moves to a complete index', async () => {
  const alias = indexName(deps.config, 'songs');
  const [before] = await aliasTargets(deps.es, alias);
  const load = searchLoad(4);
  await load.succeeded(40);

  // the elected master dies: master election, shard failover and a client connection reset all at once
  const master = (await deps.es.cat.master({ format: 'json' }))[0] as { node: string };
  const victim = nodeUrls.findIndex((_, i) => master.node === `norae-${HTTP_PORT + i}`);
  expect(victim).toBeGreaterThanOrEqual(0);
  const leader = Number(fs.readFileSync(pidFile(victim), 'utf8'));
  let killedAt = -1;
  const rebuilt: Promise<RebuildSummary | Error> = rebuildIndex(deps, songsFamily, ({ done }) => {
    if (killedAt < 0) { killedAt = done; process.kill(-leader, 'SIGKILL'); }
  }).catch((err: Error) => err);
  const outcome = await rebuilt;
  // the kill must have happened during the rebuild (a rebuild failing before its first bulk would prove nothing)
  if (killedAt < 0) throw new Error(`the rebuild ended before its first bulk, so no node was killed: ${outcome instanceof Error ? outcome.message : 'completed'}`);
  await load.succeeded(60);
  await load.stop();

  // the node really died: the survivors elected a master among themselves and count two nodes
  const health = await deps.es.cluster.health({ wait_for_nodes: String(NODES - 1), timeout: '60s' });
  expect(health.number_of_nodes).toBe(NODES - 1);
  await expect(fetch(nodeUrls[victim])).rejects.toThrow();
  expect(killedAt).toBeGreaterThan(0);
  expect(killedAt).toBeLessThan(SONGS); // the node died while the rebuild was still writing
  expect(load.failures).toEqual([]);
  const [after] = await aliasTargets(deps.es, alias);
  if (outcome instanceof Error) {
    expect(after).toBe(before); // a failed rebuild leaves the live alias where it was
  } else {
    expect(after).toBe(outcome.index);
    expect(outcome.indexed).toBe(SONGS);
  }
  const { count } = await deps.es.count({ index: alias });
  expect(count).toBe(SONGS);
  console.log(`[es-cluster] cluster start ${(clusterStartedMs / 1000).toFixed(0)} s; ${load.ok} searches, 0 failed; rebuild ${outcome instanceof Error ? `failed (${outcome.message}), alias kept` : `completed (${outcome.indexed} docs)`}`);
}, 240_000);
