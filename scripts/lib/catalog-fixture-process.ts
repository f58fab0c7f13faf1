// The brand sites of scripts/bench-catalogs.ts in a process of their own: the fixture servers (tools/fixtures/
// catalog-servers.ts) serving a synthetic catalog, so the benchmark's memory and CPU are the import's alone.
// Driven over IPC (startFixtureProcess); each answer carries this process's own CPU and request counts.
import { fork, type ChildProcess } from 'node:child_process';
import { startCatalogFixtures, type CatalogFixtures, type FixtureServer } from '../../tools/fixtures/catalog-servers';
import {
  syntheticSources,
  type SyntheticPair,
  type SyntheticSourcesOptions,
} from '../../tools/synthetic/brand-sources';

/** Requests each site has answered so far, robots.txt apart. */
export interface FixtureRequestCounts {
  tj: number;
  kyBook: number;
  kyDetail: number;
  kyFeed: number;
  robots: number;
}

export interface FixtureStats {
  requests: FixtureRequestCounts;
  cpuMs: number;
  rssMb: number;
  maxRssMb: number;
}

export interface FixtureReady extends FixtureStats {
  env: Record<string, string>;
  tjRows: number;
  kyRows: number;
  badRows: { tj: number; ky: number };
  pairs: SyntheticPair[];
  generateMs: number;
}

/** One day's new songs as added to the sites: numbers past every existing one, published today. */
export interface DeltaSong {
  brand: 'tj' | 'ky';
  no: string;
  title: string;
  singer: string;
}
export interface FixtureDelta extends FixtureStats {
  songs: DeltaSong[];
  pairs: SyntheticPair[];
}

export interface DeltaRequest {
  tjSongs: number;
  kySongs: number;
  overlap: number;
  seed: number;
  day: string;
}

type Request =
  | { id: number; type: 'start'; options: SyntheticSourcesOptions; kyFeed: number }
  | { id: number; type: 'delta'; delta: DeltaRequest }
  | { id: number; type: 'stats' }
  | { id: number; type: 'close' };
// Omit over each member of the union (Omit of a union keeps only the shared keys)
type OmitEach<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type Call = OmitEach<Request, 'id'>;

export interface FixtureProcess {
  start(options: SyntheticSourcesOptions, kyFeed: number): Promise<FixtureReady>;
  addDelta(delta: DeltaRequest): Promise<FixtureDelta>;
  stats(): Promise<FixtureStats>;
  close(): Promise<void>;
}

/** Forks this file (under tsx) and talks to it; a crash of the child fails every pending call. */
export function startFixtureProcess(): FixtureProcess {
  const child: ChildProcess = fork(__filename, [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  child.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: string }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) p?.resolve(m.value);
    else p?.reject(new Error(`fixture process: ${m.error}`));
  });
  child.on('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`fixture process exited (${code})`));
    pending.clear();
  });
  const call = <T>(req: Call): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ ...req, id });
    });
  return {
    start: (options, kyFeed) => call({ type: 'start', options, kyFeed }),
    addDelta: (delta) => call({ type: 'delta', delta }),
    stats: () => call({ type: 'stats' }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await call({ type: 'close' }).catch(() => undefined);
      await exited;
    },
  };
}

// ---------------------------------------------------------------- the child side

let fixtures: CatalogFixtures | undefined;

function stats(): FixtureStats {
  const f = fixtures;
  const pages = (s: FixtureServer | undefined, path?: string) =>
    s ? s.requests.filter((r) => r.path !== '/robots.txt' && (!path || r.path.startsWith(path))).length : 0;
  const robots = f ? [f.tj, f.kyWeb, f.kyPlayer].reduce((n, s) => n + s.requests.length - pages(s), 0) : 0;
  const cpu = process.cpuUsage();
  return {
    requests: {
      tj: pages(f?.tj),
      kyBook: pages(f?.kyWeb, '/karaoke-book'),
      kyDetail: pages(f?.kyWeb, '/search'),
      kyFeed: pages(f?.kyPlayer),
      robots,
    },
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    rssMb: Math.round(process.memoryUsage().rss / 1e6),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1000),
  };
}

async function start(options: SyntheticSourcesOptions, kyFeed: number): Promise<FixtureReady> {
  const t = Date.now();
  const sources = syntheticSources(options);
  const generateMs = Date.now() - t;
  fixtures = await startCatalogFixtures(sources);
  fixtures.kyPlayer.latest = kyFeed;
  // the fixtures record every request with its body: the counts are all this process needs to keep
  return {
    ...stats(),
    env: fixtures.env,
    tjRows: sources.tj.length,
    kyRows: sources.ky.length,
    badRows: { tj: sources.bad.tj.length, ky: sources.bad.ky.length },
    pairs: sources.pairs,
    generateMs,
  };
}

const numbers = (nos: Array<string | undefined>) =>
  nos.filter((no): no is string => Boolean(no && /^\d+$/.test(no))).map(Number);
const maxNumber = (nos: Array<string | undefined>) => numbers(nos).reduce((m, n) => Math.max(m, n), 0);
const minNumber = (nos: Array<string | undefined>) => numbers(nos).reduce((m, n) => Math.min(m, n), Infinity);

/** A small synthetic catalog of its own seed, renumbered past both brands' last numbers and published on `day`. */
function addDelta(d: DeltaRequest): FixtureDelta {
  if (!fixtures) throw new Error('start the fixtures first');
  const f = fixtures;
  const extra = syntheticSources({
    tjSongs: d.tjSongs,
    kySongs: d.kySongs,
    overlap: d.overlap,
    seed: d.seed,
    badRate: 0,
    until: d.day,
  });
  const tjShift = maxNumber(f.tj.songs.map((s) => s.pro)) - minNumber(extra.tj.map((s) => s.pro)) + 1;
  const kyShift = maxNumber(f.kyWeb.songs.map((s) => s.no)) - minNumber(extra.ky.map((s) => s.no)) + 1;
  const tj = extra.tj.map((s) => ({ ...s, pro: String(Number(s.pro) + tjShift), publishdate: d.day }));
  const ky = extra.ky.map((s) => ({ ...s, no: String(Number(s.no) + kyShift), release: d.day.slice(0, 7) }));
  f.tj.songs = [...f.tj.songs, ...tj];
  f.kyWeb.songs = [...f.kyWeb.songs, ...ky];
  f.kyPlayer.songs = [...f.kyPlayer.songs, ...ky];
  const pairs = extra.pairs.map((p) => ({
    ...p,
    tj: String(Number(p.tj) + tjShift),
    ky: String(Number(p.ky) + kyShift),
  }));
  const songs: DeltaSong[] = [
    ...tj.map((s) => ({ brand: 'tj' as const, no: s.pro, title: s.indexTitle ?? '', singer: s.indexSong ?? '' })),
    ...ky.map((s) => ({ brand: 'ky' as const, no: s.no, title: s.title, singer: s.singer })),
  ];
  return { ...stats(), songs, pairs };
}

async function answer(req: Request): Promise<unknown> {
  switch (req.type) {
    case 'start':
      return start(req.options, req.kyFeed);
    case 'delta':
      return addDelta(req.delta);
    case 'stats':
      return stats();
    case 'close':
      await fixtures?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

if (require.main === module && process.send) {
  process.on('message', (req: Request) => {
    answer(req).then(
      (value) => process.send!({ id: req.id, ok: true, value }),
      (err: Error) => process.send!({ id: req.id, ok: false, error: err.stack ?? err.message }),
    );
  });
  // the benchmark went away: so do its sites
  process.on('disconnect', () => process.exit(0));
}
