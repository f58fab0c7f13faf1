// A cron tick that starts late (the event loop was busy: a long synchronous parse, a starved machine) belongs to the
// slot it was scheduled for. Claimed by the wall clock instead, it would take the next slot's name and run the job a
// second time after another process had already run it on time.
import { testDeps, closeDeps } from '../support';
import { onTick, startSchedule, type Job } from '../../src/jobs/schedule';
import { runOncePerSlot } from '../../src/jobs/leader';

const deps = testDeps();
const other = testDeps(); // a second API process: its own pool against the same database
afterAll(async () => {
  await closeDeps(deps);
  await closeDeps(other);
});

const counter = (name: string, cronExpr: string) => {
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
const claims = async (job: string) =>
  (
    await deps.pg.query<{ slot: Date; runner: string }>(
      'SELECT slot, runner FROM job_runs WHERE job = $1 ORDER BY slot',
      [job],
    )
  ).rows;

async function until(condition: () => Promise<boolean>, deadlineMs = 30_000) {
  const end = Date.now() + deadlineMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error('condition not met before the deadline');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('a tick for 10:00 that runs at 10:01:30 finds 10:00 already run elsewhere and does not run the job again', async () => {
  const { job, runs } = counter(`late-minute-${process.pid}-${Date.now()}`, '0 * * * *');
  const slot = new Date('2026-01-01T10:00:00Z');
  expect((await runOncePerSlot(other.pg, job.name, slot, async () => 'on time elsewhere')).outcome).toBe('ran');
  // what node-cron hands the task: the date it was scheduled for, whatever the clock says now
  expect(await onTick(deps, job)({ date: slot })).toBe('claimed_elsewhere');
  expect(runs).toHaveLength(0);
  expect(await onTick(deps, job)({ date: new Date('2026-01-01T11:00:00Z') })).toBe('ran');
  expect((await claims(job.name)).map((c) => c.slot.toISOString())).toEqual([
    '2026-01-01T10:00:00.000Z',
    '2026-01-01T11:00:00.000Z',
  ]);
});

test('real node-cron, event loop blocked past a tick: the late tick claims its own slot, which another process already ran', async () => {
  const { job, runs } = counter(`late-tick-${process.pid}-${Date.now()}`, '*/2 * * * * *');
  const schedule = startSchedule(deps, [job]);
  try {
    // the tick node-cron armed: the first even second after the current one
    const second = Math.floor(Date.now() / 1000);
    const slot = (second + (second % 2 ? 1 : 2)) * 1000;
    // another process runs that slot on time
    expect((await runOncePerSlot(other.pg, job.name, new Date(slot), async () => 'on time elsewhere')).outcome).toBe(
      'ran',
    );
    // this process's event loop is busy past the tick: node-cron still runs a tick up to a second late
    while (Date.now() < slot + 1050) {
      /* a long synchronous task */
    }
    await until(async () => (await claims(job.name)).some((c) => c.slot.getTime() >= slot + 2000));
  } finally {
    schedule.stop();
  }
  await until(async () => {
    await deps.writers.idle();
    return true;
  });
  const slots = (await claims(job.name)).map((c) => c.slot.getTime() % 2000);
  // every claim is an even second, a slot of the schedule: the late tick did not take the next second's name
  expect(slots.every((s) => s === 0)).toBe(true);
  expect(runs.length).toBe((await claims(job.name)).length - 1); // the on-time slot ran elsewhere, never here too
});
