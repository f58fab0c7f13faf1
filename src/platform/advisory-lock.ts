// Postgres advisory locks by name (hashed with hashtext): the one way processes take turns on a shared job or row set.
import type { Pool, PoolClient } from 'pg';

export class LockBusyError extends Error {
  constructor(
    public readonly key: string,
    message = `${key} is already running`,
  ) {
    super(message);
  }
}

/**
 * Runs fn while holding the session-level lock `key` on a connection of its own (handed to fn). With wait: false
 * (the default) a lock held elsewhere is a LockBusyError instead of a wait.
 */
export async function withAdvisoryLock<T>(
  pg: Pool,
  key: string,
  fn: (client: PoolClient) => Promise<T>,
  opts: { wait?: boolean; busyMessage?: string } = {},
): Promise<T> {
  const client = await pg.connect();
  try {
    if (opts.wait) await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    else if (
      !(await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key])).rows[0].ok
    ) {
      throw new LockBusyError(key, opts.busyMessage);
    }
    try {
      return await fn(client);
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/** Takes the lock `key` until the current transaction ends (COMMIT or ROLLBACK releases it); waits for it. */
export async function lockForTransaction(client: PoolClient, key: string): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
}
