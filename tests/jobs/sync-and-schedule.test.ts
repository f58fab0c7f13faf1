import { testDeps, closeDeps } from '../support';
import { rebuildIndex, syncIndex } from '../../src/platform/index-admin';
import { indexName } from '../../src/platform/elasticsearch';
import { songsFamily } from '../../src/songs/index-family';
import { runScheduledJob, scheduledJobs, startSchedule, type Job } from '../../src/jobs/schedule';
import { deleteOldSearchLogRows } from '../../src/searchlogs/retention';
import { dailyIndexName } from '../../src/searchlogs/indices';
import { ensureEventPartition } from '../../src/events/store';
import { insertFixtureSongs } from '../songs/fixtures';

const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}jobs_`;
const deps = testDeps({ ES_INDEX_PREFIX: prefix });
// a second "API process": its own pool, Redis connection and Elasticsearch client against the same database
const other = testDeps({ ES_INDEX_PREFIX: prefix });

afterAll(async () => {
  await deps.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
  await closeDeps(deps);
  await closeDeps(other);
});

describe('incremental sync and long transactions', () => {
  beforeAll(async () => {
    await insertFixtureSongs(deps.pg);
    await rebuildIndex(deps, songsFamily);
  });

  test('a song changed by a merge transaction that began before a sync and committed after it is indexed by the next sync', async () => {
    const id = Number(
      (await deps.pg.query<{ id: string }>('SELECT id FROM songs WHERE deleted_at IS NULL ORDER BY id LIMIT 1')).rows[0]
        .id,
    );
    const merge = await deps.pg.connect();
    try {
      // the catalog merge: one long transaction, every row stamped updated_at = now() = the transaction's start
      await merge.query('BEGIN');
      await merge.query("UPDATE songs SET title = '머지 중에 바뀐 제목', updated_at = now() WHERE id = $1", [id]);
      await syncIndex(deps, songsFamily, { overlapMs: 0 }); // runs while the merge is open: cannot see the change
      await merge.query('COMMIT');
    } finally {
      merge.release();
    }
    const after = await syncIndex(deps, songsFamily, { overlapMs: 0 });
    expect(after.upserted).toBeGreaterThanOrEqual(1);
    const doc = await deps.es.get<{ title: string }>({ index: indexName(deps.config, 'songs'), id: String(id) });
    expect(doc._source?.title).toBe('머지 중에 바뀐 제목');
  });
});

describe('cron jobs run once per schedule across processes (leader claim)', () => {
  const counter = (name: string, cronExpr = '0 * * * *') => {
    const runs: number[] = [];
    const job: Job = {
      name,
      cron: cronExpr,
      run: async () => {
        runs.push(Date.now());
        return runs.length;
      },
    };
    return { job, runs };
  };

  test('two processes ticking for the same slot: the job runs once; the next slot runs once more', async () => {
    const { job, runs } = counter(`once-${Date.now()}`);
    const at = new Date('2026-01-01T10:00:00Z');
    const outcomes = await Promise.all([
      runScheduledJob(deps, job, at),
      runScheduledJob(other, job, new Date(at.getTime() + 700)),
    ]);
    // the loser either finds the slot taken or the run still going: either way it does not run
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'ran')).toEqual([expect.stringMatching(/^(claimed_elsewhere|still_running)$/)]);
    expect(await runScheduledJob(other, job, new Date(at.getTime() + 30_000))).toBe('claimed_elsewhere');
    expect(runs).toHaveLength(1);
    expect(await runScheduledJob(other, job, new Date('2026-01-01T11:00:00Z'))).toBe('ran');
    expect(runs).toHaveLength(2);
  });

  test('a run that outlasts its schedule is not started again by another process', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started!: () => void;
    const isRunning = new Promise<void>((resolve) => {
      started = resolve;
    });
    const job: Job = {
      name: `long-${Date.now()}`,
      cron: '0 * * * *',
      run: async () => {
        started();
        await gate;
        return 'done';
      },
    };
    const first = runScheduledJob(deps, job, new Date('2026-01-01T10:00:00Z'));
    await isRunning;
    expect(await runScheduledJob(other, job, new Date('2026-01-01T11:00:00Z'))).toBe('still_running');
    release();
    expect(await first).toBe('ran');
  });

  test('two live schedulers ticking every second: each second runs the job exactly once', async () => {
    const name = `tick-${Date.now()}`;
    const seen: string[] = [];
    let done!: () => void;
    const threeRuns = new Promise<void>((resolve) => {
      done = resolve;
    });
    const job: Job = {
      name,
      cron: '* * * * * *',
      run: async () => {
        seen.push(name);
        if (seen.length >= 3) done();
        return null;
      },
    };
    const a = startSchedule(deps, [job]);
    const b = startSchedule(other, [job]);
    await threeRuns;
    a.stop();
    b.stop();
    await deps.writers.idle();
    const slots = (await deps.pg.query<{ n: string }>('SELECT count(*) AS n FROM job_runs WHERE job = $1', [name]))
      .rows[0].n;
    // every claimed slot ran once, none twice (a slot is claimed once: job_runs is keyed by job and slot); the wall
    // clock at run time is not compared, since a busy machine may start a slot's run in the next second
    expect(seen.length).toBe(Number(slots));
  });
});

describe('retention', () => {
  test('event partitions and search_log have scheduled retention jobs with configurable days', () => {
    const d = testDeps({
      EVENT_RETENTION_DAYS: '7',
      SEARCH_LOG_RETENTION_DAYS: '3',
      CRON_EVENTS_RETENTION: '5 1 * * *',
    });
    const jobs = scheduledJobs(d);
    expect(jobs.find((j) => j.name === 'events-retention')?.cron).toBe('5 1 * * *');
    expect(jobs.find((j) => j.name === 'search-logs-retention')).toBeDefined();
    expect(d.config.eventRetentionDays).toBe(7);
    void closeDeps(d);
  });

  test('the search_log retention deletes Postgres rows older than the configured days and keeps the rest', async () => {
    const now = new Date('2030-06-10T00:00:00Z');
    const insert = (at: Date, q: string) =>
      deps.pg.query(
        `INSERT INTO search_log (searched_at, scope, query, normalized_query, result_count, took_ms) VALUES ($1, 'songs', $2, $2, 1, 1)`,
        [at, q],
      );
    await insert(new Date('2030-06-01T00:00:00Z'), 'retention-old');
    await insert(new Date('2030-06-09T00:00:00Z'), 'retention-new');
    expect(await deleteOldSearchLogRows(deps.pg, 3, now)).toBeGreaterThanOrEqual(1);
    const left = (
      await deps.pg.query<{ query: string }>("SELECT query FROM search_log WHERE query LIKE 'retention-%'")
    ).rows.map((r) => r.query);
    expect(left).toEqual(['retention-new']);
  });

  test('the scheduled retention jobs themselves drop what is older than the configured days and keep the rest', async () => {
    const d = testDeps({ ES_INDEX_PREFIX: prefix, EVENT_RETENTION_DAYS: '5', SEARCH_LOG_RETENTION_DAYS: '5' });
    try {
      const old = new Date(Date.now() - 10 * 86_400_000);
      const recent = new Date();
      const partitions = [await ensureEventPartition(d.pg, old), await ensureEventPartition(d.pg, recent)];
      for (const [at, query] of [
        [old, 'job-retention-old'],
        [recent, 'job-retention-new'],
      ] as const) {
        d.writers.searchLogs.add({ at, scope: 'songs', query, normalizedQuery: query, resultCount: 1, tookMs: 1 });
      }
      await d.writers.searchLogs.flush();
      const job = (name: string) => scheduledJobs(d).find((j) => j.name === name)!;

      const events = (await job('events-retention').run(d)) as { dropped: string[] };
      expect(events.dropped).toContain(partitions[0]);
      expect(events.dropped).not.toContain(partitions[1]);
      const logs = (await job('search-logs-retention').run(d)) as { deleted: string[]; postgres_rows: number };
      expect(logs.deleted).toContain(dailyIndexName(d.config, old));
      expect(logs.deleted).not.toContain(dailyIndexName(d.config, recent));
      const left = (
        await d.pg.query<{ query: string }>("SELECT query FROM search_log WHERE query LIKE 'job-retention-%'")
      ).rows.map((r) => r.query);
      expect(left).toEqual(['job-retention-new']);
    } finally {
      await closeDeps(d);
    }
  });
});
