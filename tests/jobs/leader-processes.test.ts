// Two real API processes (src/main.ts, cron on) against one database, with a job scheduled every second: each
// schedule slot runs once, in one of them, and both take part (the other finds the slot taken or the run going).
import { testDeps, closeDeps } from '../support';
import { startApiProcess, killApiProcess, type ApiProcess, type LogLine } from '../ops/api-process';

const JOB = 'events-retention'; // cheap (drops partitions older than EVENT_RETENTION_DAYS): the claim is what is tested
const NEVER = '0 0 1 1 *'; // every other job: once a year, so none runs during the test
const env = {
  CRON_ENABLED: 'true',
  LOG_LEVEL: 'debug',
  CRON_EVENTS_RETENTION: '* * * * * *',
  CRON_SONGS_SYNC: NEVER,
  CRON_SONGS_REBUILD: NEVER,
  CRON_SONGS_POPULARITY: NEVER,
  CRON_PRODUCTS_SYNC: NEVER,
  CRON_PRODUCTS_REBUILD: NEVER,
  CRON_RECS_TRAIN: NEVER,
  CRON_LOGS_RETENTION: NEVER,
  CRON_ROOMS_SWEEP: NEVER,
};
const SLOTS = 5;

const deps = testDeps();
let apis: ApiProcess[] = [];

afterAll(async () => {
  apis.forEach(killApiProcess);
  await closeDeps(deps);
});

const ofJob = (l: LogLine) => l.job === JOB;
const ran = (l: LogLine) => ofJob(l) && (l.msg === 'job done' || l.msg === 'job failed');

test('two API processes on one database: every slot of a job scheduled each second runs exactly once', async () => {
  const since = new Date();
  apis = await Promise.all([startApiProcess(env), startApiProcess(env)]);
  // both processes run their schedule: wait (bounded) until SLOTS slots have run somewhere after both started
  const bothUp = new Date();
  await Promise.all(
    apis.map((api) => api.waitForLog((l) => ofJob(l) && new Date(String(l.slot)) > bothUp, 60_000, `${JOB} ticking`)),
  );
  const slotsRun = () =>
    apis.flatMap((a) => a.logs.filter(ran)).filter((l) => new Date(String(l.slot)) > bothUp).length;
  await Promise.race(apis.map((api) => api.waitForLog(() => slotsRun() >= SLOTS, 60_000, `${SLOTS} slots run`)));
  apis.forEach((api) => api.child.kill('SIGTERM'));
  await Promise.all(apis.map((api) => api.exited));

  // what each process says it ran, against what the database recorded
  const runs = apis.flatMap((api) =>
    api.logs.filter(ran).map((l) => ({ slot: String(l.slot), runner: `:${api.child.pid}` })),
  );
  const slots = runs.map((r) => r.slot);
  expect(new Set(slots).size).toBe(slots.length); // no slot ran twice, in one process or across both
  expect(slots.length).toBeGreaterThanOrEqual(SLOTS);
  const rows = (
    await deps.pg.query<{ slot: Date; runner: string; finished_at: Date | null }>(
      'SELECT slot, runner, finished_at FROM job_runs WHERE job = $1 AND slot >= $2',
      [JOB, since],
    )
  ).rows;
  for (const r of runs) {
    const row = rows.find((x) => x.slot.toISOString() === r.slot);
    expect(row?.runner).toMatch(new RegExp(`${r.runner}$`)); // the claim is that process's
  }
  // every finished claim was run by exactly one process (a run cut short by the shutdown may have no log line)
  const last = slots.reduce((a, b) => (a > b ? a : b));
  expect(
    rows.filter((x) => x.finished_at && x.slot.toISOString() < last).every((x) => slots.includes(x.slot.toISOString())),
  ).toBe(true);
  // both took part: each logged this job, ran or skipped because the other held the slot or the lock
  for (const api of apis) expect(api.logs.some((l) => ofJob(l) && (ran(l) || l.msg === 'job skipped'))).toBe(true);
  const skipped = apis.flatMap((a) => a.logs.filter((l) => ofJob(l) && l.msg === 'job skipped'));
  expect(skipped.length).toBeGreaterThan(0);
}, 180_000);
