// The real catalogs imported end to end at real size: `npx tsx scripts/bench-catalogs.ts --tj 67000 --ky 61000 --overlap 0.7`.
// A synthetic catalog in the sources' shapes (TJ API items, KY book and detail pages, the KY player feed; the
// spelling differences of tools/synthetic/brand-sources.ts) is served by the fixture sites in a child process, so
// what is measured here is the import alone. Each step is timed with its CPU and peak memory: the full TJ sync and
// the full KY sync through the real adapters (fetch, parse, stage, apply, merge), the index build, the merge's F1
// against the generator's true pairs, then a daily delta (--delta new songs, some in both brands) through the
// new-songs syncs and the index sync until a search finds them. Requests go out at --rate per second per host (real
// runs: 1); the request counts give the time at 1 per second. Own database (norae_bench_catalogs, recreated each
// run), index prefix norae_bench_catalogs_ and Redis prefix; --drop deletes the database and indices at the end.
// --ky-feed: how many songs the KY player feed answers (100, as the real one); --log-slow-ms N: Postgres logs this
// database's statements slower than N ms (profiling). Summary: one JSON line on stdout.
import os from 'node:os';
import { loadConfig } from '../src/platform/config';
import { createDeps, closeDeps } from '../src/compose';
import type { Deps } from '../src/platform/deps';
import { dropDatabase, ensureDatabase, migrate } from '../src/platform/migrate';
import { parseFlags } from '../src/platform/cli-flags';
import { createProgressLine } from '../src/platform/progress';
import { deleteIndicesWithPrefix, rebuildIndex, syncIndex } from '../src/platform/index-admin';
import { readQuery } from '../src/search/readings';
import { songsIndexOf } from '../src/songs/constants';
import { songsFamily } from '../src/songs/index-family';
import { searchSongs } from '../src/search/songs';
import { pairScore } from '../tools/eval/merge-eval';
import type { Brand } from '../src/core/brands';
import { sourcesFromConfig, syncPolicyFromConfig, type CatalogSources } from '../src/catalogs/sources';
import { fullListing, newSinceDay, newSongsListing, syncCatalog, type Listing } from '../src/catalogs/sync';
import type { SyncReport } from '../src/catalogs/sync-report';
import type { SyntheticPair } from '../tools/synthetic/brand-sources';
import {
  startFixtureProcess,
  type DeltaSong,
  type FixtureProcess,
  type FixtureRequestCounts,
  type FixtureStats,
} from './lib/catalog-fixture-process';

const TAG = '[bench-catalogs]';
const PREFIX = 'norae_bench_catalogs_';
// once the syncs and the index sync are done, how long a search may take to find the new songs before we give up
const SEARCH_DEADLINE_MS = 60_000;
const SEARCH_POLL_MS = 250;
const SEARCH_CONCURRENCY = 8;

const mb = (bytes: number) => Math.round(bytes / 1e6);
const seconds = (ms: number) => Math.round(ms) / 1000;

/** Peak RSS since reset(), sampled, and since the last mark() (a phase inside a step); maxRSS is the process's lifetime peak as the kernel counts it. */
class MemorySampler {
  private peak = 0;
  private phasePeak = 0;
  private readonly timer: NodeJS.Timeout;
  constructor(intervalMs = 50) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }
  private sample(): void {
    const rss = process.memoryUsage().rss;
    this.peak = Math.max(this.peak, rss);
    this.phasePeak = Math.max(this.phasePeak, rss);
  }
  reset(): void {
    this.peak = this.phasePeak = process.memoryUsage().rss;
  }
  /** the peak since the last mark, in MB; starts the next phase */
  mark(): number {
    this.sample();
    const peak = this.phasePeak;
    this.phasePeak = process.memoryUsage().rss;
    return mb(peak);
  }
  read(): { peakRssMb: number; maxRssMb: number } {
    this.sample();
    return { peakRssMb: mb(this.peak), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1000) };
  }
  close(): void {
    clearInterval(this.timer);
  }
}

const diffRequests = (a: FixtureRequestCounts, b: FixtureRequestCounts): FixtureRequestCounts => ({
  tj: b.tj - a.tj,
  kyBook: b.kyBook - a.kyBook,
  kyDetail: b.kyDetail - a.kyDetail,
  kyFeed: b.kyFeed - a.kyFeed,
  robots: b.robots - a.robots,
});
const totalRequests = (r: FixtureRequestCounts) => r.tj + r.kyBook + r.kyDetail + r.kyFeed + r.robots;

/** A sync's report as the benchmark shows it: counts, not samples. */
function syncSummary(r: SyncReport) {
  const counts = (c: SyncReport['badReasons']) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v.count]));
  const m = r.merge;
  return {
    status: r.status,
    refusal: r.refusal,
    pages: r.pages,
    listingSize: r.listingSize,
    added: r.added,
    changed: r.changed,
    unchanged: r.unchanged,
    bad: r.bad,
    badReasons: counts(r.badReasons),
    warnings: counts(r.warnings),
    detailCalls: r.detailCalls,
    provenanceRows: r.provenanceRows,
    syncMs: r.ms,
    merge: m && {
      mode: m.mode,
      entries: m.entries,
      changed: m.changed,
      songs: m.songs,
      merged: m.merged,
      created: m.created,
      updated: m.updated,
      deleted: m.deleted,
      byRule: m.byRule,
      reviews: m.reviews,
      ms: m.ms,
    },
  };
}

// progress messages of syncCatalog that end a phase (src/catalogs/sync.ts), in order
const PHASE_ENDS: Array<[string, string]> = [
  ['walk', 'comparing the listing'],
  ['planAndWrite', 'entries written'],
  ['provenance', 'provenance:'],
  ['commit', 'applied:'],
];

async function main() {
  const { flags } = parseFlags({
    tj: 67_000,
    ky: 61_000,
    overlap: 0.7,
    seed: 20260515,
    rate: 1000,
    delta: 300,
    'ky-feed': 100,
    'log-slow-ms': 0,
    drop: false,
  });
  if (!(flags.rate > 0 && flags.rate <= 1000))
    throw new Error('--rate is requests per second per host, above 0 and at most 1000 (CATALOG_REQUESTS_PER_SECOND)');
  if (flags.tj < 10 || flags.ky < 10) throw new Error('--tj and --ky must be at least 10 songs');
  const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/norae_bench_catalogs';
  const line = createProgressLine(process.stderr, TAG);
  const memory = new MemorySampler();
  const steps: Array<Record<string, unknown>> = [];
  const fixtureProcess: FixtureProcess = startFixtureProcess();
  let deps: Deps | undefined;

  // ES CPU is the whole node's (other work on a shared node included)
  const esCpuMs = async () => {
    if (!deps) return 0;
    const stats = await deps.es.nodes.stats({ metric: 'process' });
    return Object.values(stats.nodes).reduce((sum, n) => sum + (n.process?.cpu?.total_in_millis ?? 0), 0);
  };
  /** Runs one step, timing it and taking its CPU (ours, the fixture sites', Elasticsearch's), peak memory and requests. */
  const step = async <T>(
    name: string,
    fn: () => Promise<T>,
    describe: (value: T, elapsedMs: number, requests: FixtureRequestCounts) => Record<string, unknown>,
  ): Promise<T> => {
    const before = {
      fixtures: await fixtureProcess.stats().catch(() => null),
      es: await esCpuMs(),
      cpu: process.cpuUsage(),
      at: performance.now(),
    };
    memory.reset();
    const value = await fn();
    const elapsedMs = performance.now() - before.at;
    const cpu = process.cpuUsage(before.cpu);
    const mem = memory.read();
    line.done();
    const after: FixtureStats = await fixtureProcess.stats();
    const requests = before.fixtures ? diffRequests(before.fixtures.requests, after.requests) : after.requests;
    const result = {
      step: name,
      seconds: seconds(elapsedMs),
      cpuSeconds: seconds((cpu.user + cpu.system) / 1000),
      ...mem,
      fixtureCpuSeconds: seconds(after.cpuMs - (before.fixtures?.cpuMs ?? 0)),
      esCpuSeconds: seconds((await esCpuMs()) - before.es),
      requests: totalRequests(requests) ? requests : undefined,
      ...describe(value, elapsedMs, requests),
    };
    console.error(`${TAG} ${JSON.stringify(result)}`);
    steps.push(result);
    return value;
  };

  try {
    // (1) the sites
    const ready = await step(
      'start the fixture sites',
      () =>
        fixtureProcess.start(
          { tjSongs: flags.tj, kySongs: flags.ky, overlap: flags.overlap, seed: flags.seed },
          flags['ky-feed'],
        ),
      (r) => ({
        tjRows: r.tjRows,
        kyRows: r.kyRows,
        badRows: r.badRows,
        truePairs: r.pairs.length,
        generateMs: r.generateMs,
        fixtureRssMb: r.rssMb,
      }),
    );

    const config = loadConfig({
      ...process.env,
      APP_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      ES_INDEX_PREFIX: PREFIX,
      REDIS_PREFIX: 'norae:bench:catalogs:',
      ...ready.env,
      CATALOG_REQUESTS_PER_SECOND: String(flags.rate),
    });
    await ensureDatabase(config.databaseUrl, { recreate: true });
    if (flags['log-slow-ms'] > 0) await setSlowStatementLog(config.databaseUrl, flags['log-slow-ms']);
    deps = createDeps(config);
    const d = deps;
    await migrate(d.pg);
    await deleteIndicesWithPrefix(d.es, PREFIX);
    let retries = 0;
    const sources: CatalogSources = sourcesFromConfig(config, {
      onRetry: (e) => {
        retries++;
        line.update(`retry ${e.attempt} of ${e.url} (${e.reason})`);
      },
    });
    const policy = syncPolicyFromConfig(config);

    /** One sync with its phases told apart by the sync's own progress lines; anything but applied stops the run. */
    const sync = async (label: string, listing: Listing) => {
      const started = performance.now();
      const ends: Record<string, number> = {};
      const phasePeakRssMb: Record<string, number> = {};
      memory.mark();
      const report = await syncCatalog(d.pg, listing, {
        policy,
        resume: 'never',
        onProgress: (msg) => {
          line.update(`${label}: ${msg}`);
          for (const [phase, prefix] of PHASE_ENDS) {
            if (msg.startsWith(prefix) && ends[phase] === undefined) {
              ends[phase] = performance.now() - started;
              phasePeakRssMb[phase] = memory.mark();
            }
          }
        },
      });
      phasePeakRssMb.mergeAndAfter = memory.mark();
      if (report.status !== 'applied' || report.error)
        throw new Error(`${label}: ${report.status} (${report.refusal ?? report.error})`);
      let from = 0;
      const phasesMs: Record<string, number> = {};
      for (const [phase] of PHASE_ENDS)
        if (ends[phase] !== undefined) {
          phasesMs[phase] = Math.round(ends[phase] - from);
          from = ends[phase];
        }
      if (report.merge) phasesMs.merge = report.merge.ms;
      phasesMs.after = Math.max(0, Math.round(report.ms - from - (report.merge?.ms ?? 0)));
      return { report, phasesMs, phasePeakRssMb, walkMs: ends.walk ?? report.ms };
    };
    /** The time the same walk would take at one request a second: every paced request a second, the rest as measured. */
    const atOneRps = (elapsedMs: number, walkMs: number, requests: number) =>
      Math.round(Math.max(walkMs / 1000, requests) + (elapsedMs - walkMs) / 1000);

    // (2) TJ: the whole catalog in one newSongOfMonth answer
    await step(
      'full TJ sync (fetch, parse, stage, apply, merge)',
      () => sync('tj full', fullListing(sources.tj)),
      (r, ms, req) => ({
        ...syncSummary(r.report),
        phasesMs: r.phasesMs,
        phasePeakRssMb: r.phasePeakRssMb,
        secondsAtOneRequestPerSecond: atOneRps(ms, r.walkMs, totalRequests(req)),
      }),
    );
    // (3) KY: the book letter by letter, detail pages for rows that fill the book's width; (4) its merge joins the brands
    const ky = await step(
      'full KY sync (book walk, details, stage, apply, merge)',
      () => sync('ky full', fullListing(sources.ky)),
      (r, ms, req) => ({
        ...syncSummary(r.report),
        phasesMs: r.phasesMs,
        phasePeakRssMb: r.phasePeakRssMb,
        secondsAtOneRequestPerSecond: atOneRps(ms, r.walkMs, totalRequests(req)),
      }),
    );

    // (5) the songs index from Postgres
    await step(
      'index build (rebuildIndex songs)',
      () => rebuildIndex(d, songsFamily, ({ done }) => line.update(`index: ${done} songs`)),
      (r) => ({ indexed: r.indexed, skipped: r.skipped, docsPerSecond: r.docsPerSecond }),
    );

    // (6) the stored merge against the generator's truth
    const f1 = await step(
      'merge F1 against the true pairs',
      () => mergeQuality(d, ready.pairs),
      (q) => q,
    );

    // (7) a day's new songs: the new-songs syncs, the index sync, then searches until every one the listings carry is found.
    // First the index catches up as the 5-minute sync job would have by the next day (the songs the KY merge touched
    // just before the build's snapshot fall in the sync's overlap window and would be counted against the delta)
    const catchUp = await syncIndex(d, songsFamily);
    console.error(`${TAG} index caught up before the delta: ${catchUp.upserted} songs in ${seconds(catchUp.ms)} s`);
    const perBrand = Math.max(1, Math.round(flags.delta / (2 - flags.overlap)));
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10); // Seoul, as the sync's days are
    const delta = await fixtureProcess.addDelta({
      tjSongs: perBrand,
      kySongs: perBrand,
      overlap: flags.overlap,
      seed: flags.seed + 1,
      day: today,
    });
    const kyNew = delta.songs.filter((s) => s.brand === 'ky').sort((a, b) => Number(b.no) - Number(a.no));
    // the player feed answers the latest N songs only: the rest of a bigger day waits for the weekly book walk
    const reachable = [...delta.songs.filter((s) => s.brand === 'tj'), ...kyNew.slice(0, flags['ky-feed'])];
    const beyondFeed = kyNew.slice(flags['ky-feed']);
    const kyCarried = new Set(reachable.filter((s) => s.brand === 'ky').map((s) => s.no));
    const daily = await step(
      `daily delta (${delta.songs.length} new rows) to search`,
      async () => {
        const t0 = performance.now();
        const tjRun = await sync('tj new', newSongsListing(sources.tj, await newSinceDay(d.pg, 'tj')));
        const kyRun = await sync('ky new', newSongsListing(sources.ky, await newSinceDay(d.pg, 'ky')));
        const index = await syncIndex(d, songsFamily);
        const synced = performance.now();
        // one search for the day's last song, as a singer would make it, then every song of the day
        while (
          reachable.length &&
          !(await findByNumber(d, reachable.slice(-1)))[0] &&
          performance.now() - synced < SEARCH_DEADLINE_MS
        )
          await new Promise((resolve) => setTimeout(resolve, SEARCH_POLL_MS));
        const firstFoundAt = performance.now();
        let missing = reachable;
        let searches = 0;
        for (;;) {
          const found = await findByNumber(d, missing);
          searches += missing.length;
          missing = missing.filter((_, i) => !found[i]);
          if (!missing.length || performance.now() - synced > SEARCH_DEADLINE_MS) break;
          await new Promise((resolve) => setTimeout(resolve, SEARCH_POLL_MS));
        }
        return { t0, tjRun, kyRun, index, synced, firstFoundAt, foundAt: performance.now(), missing, searches };
      },
      (r) => ({
        newRows: { tj: delta.songs.length - kyNew.length, ky: kyNew.length, pairs: delta.pairs.length },
        tjNew: { ...syncSummary(r.tjRun.report), phasesMs: r.tjRun.phasesMs },
        kyNew: { ...syncSummary(r.kyRun.report), phasesMs: r.kyRun.phasesMs },
        indexSync: { upserted: r.index.upserted, deleted: r.index.deleted, rebuilt: r.index.rebuilt, ms: r.index.ms },
        secondsToFirstSearch: seconds(r.firstFoundAt - r.t0),
        secondsToSearch: r.missing.length ? null : seconds(r.foundAt - r.t0),
        secondsSyncsAndIndex: seconds(r.synced - r.t0),
        foundByNumber: reachable.length - r.missing.length,
        expected: reachable.length,
        notFound: r.missing.slice(0, 5),
        numberSearches: r.searches,
      }),
    );
    // what the day's songs look like in search and in the merge (not part of the time above)
    await step(
      'daily delta: checks',
      async () => ({
        beyondFound: (await findByNumber(d, beyondFeed)).filter(Boolean).length,
        byText: await findByText(d, reachable),
        pairs: await deltaPairQuality(d, delta.pairs, kyCarried),
      }),
      (r) => ({
        kyBeyondFeed: beyondFeed.length,
        kyBeyondFeedFound: r.beyondFound,
        foundByTitleAndArtist: r.byText,
        pairs: r.pairs,
      }),
    );

    // (8) one line for the docs: the import is the two full syncs and the index build
    const [tjStep, kyStep] = [steps[1], steps[2]];
    const summary = {
      tj: flags.tj,
      ky: flags.ky,
      overlap: flags.overlap,
      seed: flags.seed,
      rate: flags.rate,
      delta: flags.delta,
      kyFeed: flags['ky-feed'],
      cores: os.availableParallelism(),
      retries,
      importSeconds: seconds(steps.slice(1, 4).reduce((n, s) => n + Number(s.seconds) * 1000, 0)),
      peakRssMb: Math.max(...steps.map((s) => Number(s.peakRssMb))),
      maxRssMb: memory.read().maxRssMb,
      fixtureMaxRssMb: (await fixtureProcess.stats()).maxRssMb,
      kyDetailCalls: ky.report.detailCalls,
      requestsFull: [tjStep, kyStep].reduce(
        (n, s) => n + (s.requests ? totalRequests(s.requests as FixtureRequestCounts) : 0),
        0,
      ),
      fullSyncsSecondsAtOneRequestPerSecond:
        Number(tjStep.secondsAtOneRequestPerSecond) + Number(kyStep.secondsAtOneRequestPerSecond),
      f1: f1.f1,
      precision: f1.precision,
      recall: f1.recall,
      reviews: f1.reviews.pending,
      deltaSecondsToSearch: daily.missing.length ? null : seconds(daily.foundAt - daily.t0),
      steps,
    };
    console.log(JSON.stringify(summary));
  } finally {
    memory.close();
    await fixtureProcess.close();
    if (deps) {
      if (flags.drop) await deleteIndicesWithPrefix(deps.es, PREFIX);
      await closeDeps(deps);
    }
  }
  if (flags.drop) await dropDatabase(databaseUrl);
}

/** Postgres logs this database's statements slower than `ms` (to its server log): where an import's time goes. */
async function setSlowStatementLog(databaseUrl: string, ms: number): Promise<void> {
  const admin = createDeps(loadConfig({ ...process.env, APP_ENV: 'production', DATABASE_URL: databaseUrl }));
  try {
    await admin.pg.query(
      `ALTER DATABASE ${new URL(databaseUrl).pathname.slice(1)} SET log_min_duration_statement = ${Math.round(ms)}`,
    );
  } finally {
    await closeDeps(admin);
  }
}

/** Pairwise precision / recall / F1 of the songs Postgres holds, by the generator's rule and by the merge's. */
async function mergeQuality(deps: Deps, truth: SyntheticPair[]) {
  const songs = (
    await deps.pg.query<{ tj_no: string; ky_no: string; merge_rule: string }>(
      'SELECT tj_no, ky_no, merge_rule FROM songs WHERE deleted_at IS NULL AND tj_no IS NOT NULL AND ky_no IS NOT NULL',
    )
  ).rows;
  const reviews = (
    await deps.pg.query<{ tj_no: string; ky_no: string; rule: string }>(
      "SELECT tj_no, ky_no, rule FROM song_merge_reviews WHERE status = 'pending'",
    )
  ).rows;
  const key = (tj: string, ky: string) => `${tj}|${ky}`;
  const truthKeys = new Set(truth.map((p) => key(p.tj, p.ky)));
  const merged = new Set(songs.map((s) => key(s.tj_no, s.ky_no)));
  const queued = new Set(reviews.map((r) => key(r.tj_no, r.ky_no)));
  const score = pairScore(merged, truthKeys);
  // recall by how the brands spell the song differently (and whether the KY book cut it)
  const byTruthRule: Record<string, { pairs: number; merged: number; inReview: number }> = {};
  for (const p of truth) {
    for (const rule of p.cut ? [p.rule, 'cut'] : [p.rule]) {
      const r = (byTruthRule[rule] ??= { pairs: 0, merged: 0, inReview: 0 });
      r.pairs++;
      if (merged.has(key(p.tj, p.ky))) r.merged++;
      else if (queued.has(key(p.tj, p.ky))) r.inReview++;
    }
  }
  // precision by the rule that joined the song
  const byMergeRule: Record<string, { songs: number; right: number }> = {};
  for (const s of songs) {
    const r = (byMergeRule[s.merge_rule] ??= { songs: 0, right: 0 });
    r.songs++;
    if (truthKeys.has(key(s.tj_no, s.ky_no))) r.right++;
  }
  const reviewRules: Record<string, { pending: number; truePairs: number }> = {};
  for (const r of reviews) {
    const c = (reviewRules[r.rule] ??= { pending: 0, truePairs: 0 });
    c.pending++;
    if (truthKeys.has(key(r.tj_no, r.ky_no))) c.truePairs++;
  }
  // a few of each kind of mistake, with both brands' spellings, to tell a rule's fault from a generator collision
  const wrong = new Map<string, Array<[string, string]>>();
  for (const s of songs) if (!truthKeys.has(key(s.tj_no, s.ky_no))) pushSome(wrong, s.merge_rule, [s.tj_no, s.ky_no]);
  const missed = new Map<string, Array<[string, string]>>();
  for (const p of truth)
    if (!merged.has(key(p.tj, p.ky)) && !queued.has(key(p.tj, p.ky))) pushSome(missed, p.rule, [p.tj, p.ky]);
  const spelled = await spellings(deps, [...wrong.values(), ...missed.values()].flat());
  const show = (m: Map<string, Array<[string, string]>>) =>
    Object.fromEntries(
      [...m].map(([rule, pairs]) => [
        rule,
        pairs.map(([tj, ky]) => `TJ ${tj} ${spelled.get(`tj|${tj}`)}  ~  KY ${ky} ${spelled.get(`ky|${ky}`)}`),
      ]),
    );
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return {
    ...score,
    precision: round(score.precision),
    recall: round(score.recall),
    f1: round(score.f1),
    reviews: {
      pending: reviews.length,
      truePairs: reviews.filter((r) => truthKeys.has(key(r.tj_no, r.ky_no))).length,
      byRule: reviewRules,
    },
    byTruthRule,
    byMergeRule,
    wrongExamples: show(wrong),
    missedExamples: show(missed),
  };
}

const EXAMPLES = 3;
function pushSome<T>(m: Map<string, T[]>, k: string, v: T): void {
  const list = m.get(k) ?? [];
  if (list.length < EXAMPLES) m.set(k, [...list, v]);
}

/** "title / singer" of the given TJ and KY numbers as the catalog holds them. */
async function spellings(deps: Deps, pairs: Array<[string, string]>): Promise<Map<string, string>> {
  const res = await deps.pg.query<{ brand: string; no: string; title: string; singer: string }>(
    `SELECT brand, no, title, singer FROM catalog_entries WHERE (brand = 'tj' AND no = ANY($1::text[])) OR (brand = 'ky' AND no = ANY($2::text[]))`,
    [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  return new Map(res.rows.map((r) => [`${r.brand}|${r.no}`, `${r.title} / ${r.singer}`]));
}

/** Of the day's pairs whose KY side the feed carried: how many are one song in Postgres, how many in review. */
async function deltaPairQuality(deps: Deps, pairs: SyntheticPair[], kyCarried: Set<string>) {
  const carried = pairs.filter((p) => kyCarried.has(p.ky));
  const rows = (
    await deps.pg.query<{ tj_no: string; ky_no: string | null }>(
      'SELECT tj_no, ky_no FROM songs WHERE deleted_at IS NULL AND tj_no = ANY($1::text[])',
      [carried.map((p) => p.tj)],
    )
  ).rows;
  const kyOf = new Map(rows.map((r) => [r.tj_no, r.ky_no]));
  const queued = Number(
    (
      await deps.pg.query(
        "SELECT count(*) FROM song_merge_reviews WHERE status = 'pending' AND tj_no || '|' || ky_no = ANY($1::text[])",
        [carried.map((p) => `${p.tj}|${p.ky}`)],
      )
    ).rows[0].count,
  );
  return {
    pairs: pairs.length,
    carried: carried.length,
    merged: carried.filter((p) => kyOf.get(p.tj) === p.ky).length,
    inReview: queued,
  };
}

/** Runs fn over items, a few at a time (searches against the shared node). */
async function mapConcurrent<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const brandWord: Record<Brand, string> = { tj: 'TJ', ky: '금영' };
const numberOf = (brand: Brand, hit: { tj_no: string | null; ky_no: string | null }) =>
  brand === 'tj' ? hit.tj_no : hit.ky_no;

/** Whether the song search (what GET /api/songs/search runs) finds each song by its brand and number ("TJ 12345"). */
function findByNumber(deps: Deps, songs: DeltaSong[]): Promise<boolean[]> {
  return mapConcurrent(songs, SEARCH_CONCURRENCY, async (s) => {
    const res = await searchSongs(songsIndexOf(deps), readQuery(`${brandWord[s.brand]} ${s.no}`), {
      page: 1,
      size: 10,
    });
    return res.items.some((h) => numberOf(s.brand, h) === s.no);
  });
}

/** How many songs the search finds in its first page by title and artist as the brand wrote them. */
async function findByText(deps: Deps, songs: DeltaSong[]): Promise<{ found: number; searched: number }> {
  const found = await mapConcurrent(songs, SEARCH_CONCURRENCY, async (s) => {
    let parsed;
    try {
      parsed = readQuery(`${s.title} ${s.singer}`);
    } catch {
      return null;
    } // too long for a query
    const res = await searchSongs(songsIndexOf(deps), parsed, { page: 1, size: 10 });
    return res.items.some((h) => numberOf(s.brand, h) === s.no);
  });
  return { found: found.filter((f) => f === true).length, searched: found.filter((f) => f !== null).length };
}

main().catch((err) => {
  console.error(`${TAG} failed: ${err.stack ?? err.message}`);
  process.exit(1);
});
