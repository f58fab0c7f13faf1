// The advisory-lock helper against real Postgres: one holder at a time, busy callers told so or made to wait.
import { testDeps, closeDeps } from '../support';
import { LockBusyError, lockForTransaction, withAdvisoryLock } from '../../src/platform/advisory-lock';
import { withTransaction } from '../../src/platform/postgres';

const deps = testDeps();
afterAll(() => closeDeps(deps));

/** A promise with its resolve function, to hold a lock exactly until the test says so. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => {
    open = r;
  });
  return { open, opened };
}

test('a second holder is refused while the first runs, and gets the lock once it is released', async () => {
  const release = gate();
  const entered = gate();
  const first = withAdvisoryLock(deps.pg, 'test:lock-a', async () => {
    entered.open();
    await release.opened;
    return 'first';
  });
  await entered.opened;
  await expect(withAdvisoryLock(deps.pg, 'test:lock-a', async () => 'second')).rejects.toThrow(LockBusyError);
  await expect(
    withAdvisoryLock(deps.pg, 'test:lock-a', async () => 'x', { busyMessage: 'lock-a is busy' }),
  ).rejects.toThrow('lock-a is busy');
  release.open();
  await expect(first).resolves.toBe('first');
  await expect(withAdvisoryLock(deps.pg, 'test:lock-a', async () => 'second')).resolves.toBe('second');
});

test('wait: true queues behind the holder instead of failing', async () => {
  const release = gate();
  const entered = gate();
  const order: string[] = [];
  const first = withAdvisoryLock(deps.pg, 'test:lock-b', async () => {
    entered.open();
    await release.opened;
    order.push('first');
  });
  await entered.opened;
  const second = withAdvisoryLock(
    deps.pg,
    'test:lock-b',
    async () => {
      order.push('second');
    },
    { wait: true },
  );
  // the second caller is really waiting in Postgres (not failed, not run) before the first lets go
  const waiting = async () =>
    Number(
      (await deps.pg.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rows[0].n,
    );
  while ((await waiting()) < 1) await new Promise((r) => setImmediate(r));
  expect(order).toEqual([]);
  release.open();
  await Promise.all([first, second]);
  expect(order).toEqual(['first', 'second']);
});

test('a transaction lock is released by the rollback of a failed transaction', async () => {
  await expect(
    withTransaction(deps.pg, async (c) => {
      await lockForTransaction(c, 'test:lock-c');
      throw new Error('boom');
    }),
  ).rejects.toThrow('boom');
  await expect(withAdvisoryLock(deps.pg, 'test:lock-c', async () => 'free')).resolves.toBe('free');
});
