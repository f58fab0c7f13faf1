// A 3-node Elasticsearch cluster of this test's own (free ports picked at start, started by scripts/stack.sh from the
// distribution the stack already fetched) loses one node to SIGKILL under a steady search load and during a rebuild.
// Its nodes die with it however the test ends: afterAll kills them, and so does a watchdog process should jest itself
// be killed. Every wait is on a condition (cluster health, a number of answered searches) with a bounded deadline.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../src/platform/config';
import { createDeps, closeDeps } from '../../src/compose';
import type { Deps } from '../../src/platform/deps';
import { ensureDatabase, migrate } from '../../src/platform/migrate';
import { aliasTargets, rebuildIndex, type RebuildSummary } from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import { createApp } from '../../src/app';
import { syntheticSongRows } from '../../scripts/bench-songs-data';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const stackEnv = Object.fromEntries(
  fs
    .readFileSync(path.join(ROOT, 'scripts/stack.env'), 'utf8')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.split('=') as [string, string]),
);
const NODES = 3;
// two bulk requests (index-admin writes 2000 rows per bulk): the kill lands after the first, while the second is written
const SONGS = 2_200;

/** Resolves with what `promise` gives, or fails naming `what` once `ms` have passed (a bounded wait, not a sleep). */
async function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net
      .createServer()
      .once('error', () => resolve(false))
      .listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** A base port with NODES free http ports and NODES free transport ports (base+100…): never a leftover node's. */
async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 400) * 100;
    const ports = Array.from({ length: NODES }, (_, i) => [base + i, base + 50 + i]).flat();
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free ports for a 3-node cluster');
}

/** The installed distribution (with our plugins): this checkout's .cache, else the one serving the suite's ES_URL. */
async function findEsHome(): Promise<string> {
  const candidates = [
    process.env.NORAE_ES_HOME,
    path.join(process.env.NORAE_CACHE ?? path.join(ROOT, '.cache'), 'es', `elasticsearch-${stackEnv.ES_VERSION}`),
  ];
  const suiteEs = (process.env.ES_URL ?? 'http://127.0.0.1:9200').split(',')[0];
  const res = await fetch(`${suiteEs}/_nodes/_local/settings?filter_path=nodes.*.settings.path.home`).catch(
    () => undefined,
  );
  if (res?.ok) {
    const body = (await res.json()) as { nodes: Record<string, { settings: { path: { home: string } } }> };
    candidates.push(...Object.values(body.nodes).map((n) => n.settings.path.home));
  }
  const home = candidates.find(
    (c) =>
      c &&
      fs.existsSync(path.join(c, 'bin', 'elasticsearch')) &&
      fs.existsSync(path.join(c, 'plugins', 'analysis-nori')),
  );
  if (!home)
    throw new Error(
      `no Elasticsearch ${stackEnv.ES_VERSION} with analysis-nori found (tried ${candidates.filter(Boolean).join(', ')}): run scripts/stack.sh up first`,
    );
  return home;
}

let stackDir: string;
let httpPort: number;
let nodeUrls: string[];
let deps: Deps;
let baseUrl: string;
let server: ReturnType<ReturnType<typeof createApp>['listen']>;
let queries: string[];
let clusterStartedMs: number;
const testStarted = Date.now();

/** SIGKILL to every node this test started (each pid leads its node's process group); data is thrown away anyway. */
function killNodes() {
  for (let i = 0; i < NODES; i++) {
    try {
      process.kill(-Number(fs.readFileSync(pidFile(i), 'utf8')), 'SIGKILL');
    } catch {
      /* not started or already gone */
    }
  }
}

beforeAll(async () => {
  stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-es-cluster-'));
  fs.chmodSync(stackDir, 0o755); // Elasticsearch runs as an unprivileged user when we are root
  httpPort = await freePortBase();
  nodeUrls = Array.from({ length: NODES }, (_, i) => `http://127.0.0.1:${httpPort + i}`);
  const stackEnvVars = {
    ...process.env,
    ES_URL: '',
    ES_NODES: String(NODES),
    ES_HTTP_PORT: String(httpPort),
    ES_TRANSPORT_PORT: String(httpPort + 50),
    ES_NODE_HEAP: '512m',
    NORAE_CACHE: stackDir,
    NORAE_ES_HOME: await findEsHome(),
    NORAE_STACK_OWNER: 'es-cluster-test',
    // C1 only: three JVMs start on a shared 2-core machine; the little JIT work they then do is not what is tested
    ES_EXTRA_JAVA_OPTS: '-XX:TieredStopAtLevel=1',
  };
  // the watchdog: when this jest process dies by any means (even SIGKILL), it kills the nodes and removes their data
  const pids = Array.from({ length: NODES }, (_, i) => pidFile(i)).join(' ');
  spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 2; done; for f in ${pids}; do [ -f "$f" ] && kill -KILL -- -"$(cat "$f")" 2>/dev/null; done; ${process.env.NORAE_KEEP_CLUSTER_LOGS === '1' ? '' : `rm -rf '${stackDir}'`}`,
    ],
    { detached: true, stdio: 'ignore' },
  ).unref();
  const started = Date.now();
  await run('bash', [path.join(ROOT, 'scripts/stack.sh'), 'es-up'], { env: stackEnvVars });
  clusterStartedMs = Date.now() - started;
  // nodes answering on our ports that this test did not start must not be killed or trusted
  for (let i = 0; i < NODES; i++) expect(fs.existsSync(pidFile(i))).toBe(true);

  // its own database and prefixes: the rows it writes never meet the rest of the suite's
  const suite = loadConfig(process.env);
  const database = new URL(suite.databaseUrl);
  database.pathname = `${database.pathname}_cluster`;
  const config = loadConfig({
    ...process.env,
    ES_URL: nodeUrls.join(','),
    ES_SHARDS: '3',
    ES_REPLICAS: '1',
    ES_INDEX_PREFIX: `${suite.esIndexPrefix}cluster_`,
    DATABASE_URL: database.toString(),
    REDIS_PREFIX: `${suite.redisPrefix}cluster:`,
    RATE_LIMIT_SEARCH_PER_MINUTE: '1000000',
    // three fresh JVMs on a machine shared with the rest of the suite: what is tested is that no search fails when a
    // node dies, not how fast a starved machine answers, so neither the client nor a request's deadline cuts it short
    ES_REQUEST_TIMEOUT_MS: '120000',
    DEPENDENCY_TIMEOUT_MS: '120000',
  });
  await ensureDatabase(config.databaseUrl, { recreate: true });
  deps = createDeps(config);
  await migrate(deps.pg);
  await syntheticSongRows(deps.pg, SONGS, () => undefined);
  queries = (await deps.pg.query<{ title: string }>('SELECT title FROM songs ORDER BY id LIMIT 20')).rows.map(
    (r) => r.title,
  );
  await rebuildIndex(deps, songsFamily);
  // every shard has its replica before a node is killed: a copy still initialising is not a copy
  const alias = indexName(deps.config, 'songs');
  const health = await deps.es.cluster.health({
    index: alias,
    wait_for_status: 'green',
    wait_for_no_initializing_shards: true,
    timeout: '120s',
  });
  expect(health.status).toBe('green');
  server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  server?.close();
  // the nodes die first: nothing that follows may keep them running after a failed or timed-out test
  if (stackDir) {
    killNodes();
    for (let i = 0; i < NODES; i++) fs.rmSync(pidFile(i), { force: true });
  }
  if (deps) await Promise.race([closeDeps(deps), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
  if (stackDir && process.env.NORAE_KEEP_CLUSTER_LOGS !== '1') fs.rmSync(stackDir, { recursive: true, force: true });
  console.log(
    `[es-cluster] ${((Date.now() - testStarted) / 1000).toFixed(0)} s in all, of which cluster start ${(clusterStartedMs / 1000).toFixed(0)} s`,
  );
}, 60_000);

function pidFile(node: number): string {
  return path.join(stackDir, `es-${httpPort + node}.pid`);
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
        if (res.status === 200) ok++;
        else failures.push(`${res.status} ${await res.text()}`);
      } catch (err) {
        failures.push(`network: ${(err as Error).message}`);
      }
      for (const waiter of waiters.filter((x) => ok >= x.atLeast)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const workers = Array.from({ length: concurrency }, (_, w) => worker(w));
  return {
    failures,
    get ok() {
      return ok;
    },
    /** resolves once `more` further searches have succeeded */
    succeeded(more: number) {
      return new Promise<void>((resolve) => waiters.push({ atLeast: ok + more, resolve }));
    },
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
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
  await within(60_000, '40 searches before the kill', load.succeeded(40));

  // the elected master dies: master election, shard failover and a client connection reset all at once
  const master = (await deps.es.cat.master({ format: 'json' }))[0] as { node: string };
  const victim = nodeUrls.findIndex((_, i) => master.node === `norae-${httpPort + i}`);
  expect(victim).toBeGreaterThanOrEqual(0);
  const leader = Number(fs.readFileSync(pidFile(victim), 'utf8'));
  let killedAt = -1;
  const rebuilt: Promise<RebuildSummary | Error> = rebuildIndex(deps, songsFamily, ({ done }) => {
    if (killedAt < 0) {
      killedAt = done;
      process.kill(-leader, 'SIGKILL');
    }
  }).catch((err: Error) => err);
  const outcome = await within(180_000, 'the rebuild during the kill', rebuilt);
  // the kill must have happened during the rebuild (a rebuild failing before its first bulk would prove nothing)
  if (killedAt < 0)
    throw new Error(
      `the rebuild ended before its first bulk, so no node was killed: ${outcome instanceof Error ? outcome.message : 'completed'}`,
    );
  await within(60_000, '60 searches after the kill', load.succeeded(60));
  await load.stop();

  // the node really died: the survivors elected a master among themselves and count two nodes
  const health = await deps.es.cluster.health({ wait_for_nodes: String(NODES - 1), timeout: '60s' });
  expect(health.number_of_nodes).toBe(NODES - 1);
  // every shard of the live index has an active copy again (a replica promoted) before counting
  const live = await deps.es.cluster.health({
    index: alias,
    wait_for_status: 'yellow',
    wait_for_no_initializing_shards: true,
    timeout: '60s',
  });
  expect(live.timed_out).toBe(false);
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
  console.log(
    `[es-cluster] ${load.ok} searches, 0 failed; rebuild ${outcome instanceof Error ? `failed (${outcome.message}), alias kept` : `completed (${outcome.indexed} docs)`}`,
  );
}, 240_000);
