// The PostgreSQL pool: the system of record.
import { Pool, type PoolClient } from 'pg';
import type { Config } from './config';
import { isFastFailure } from './breakers';

export function createPgPool(config: Pick<Config, 'databaseUrl'>, max = 10): Pool {
  const pool = new Pool({
    connectionString: config.databaseUrl,
    max,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 30_000,
    keepAlive: true,
  });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing the process
  return pool;
}

/** Runs fn inside BEGIN/COMMIT on one pooled client; rolls back and rethrows on error. */
export async function withTransaction<T>(pg: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pg.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    // a call that missed its deadline may still be running on this connection: drop the connection (the server
    // rolls back) instead of queueing a ROLLBACK behind it and handing it back to the pool
    broken = isFastFailure(err);
    if (!broken) await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release(broken);
  }
}

/** True when Postgres refused the data itself (SQLSTATE class 22 data exception, 23 integrity violation): retrying the
 *  same rows can never succeed, unlike a lost connection or a timeout. */
export function isBadRowError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}
