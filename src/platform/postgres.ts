// The PostgreSQL pool: the system of record.
import { Pool, type PoolClient } from 'pg';
import type { Config } from './config';

export function createPgPool(config: Pick<Config, 'databaseUrl'>, max = 10): Pool {
  const pool = new Pool({ connectionString: config.databaseUrl, max, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000, statement_timeout: 30_000 });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing the process
  return pool;
}

/** Runs fn inside BEGIN/COMMIT on one pooled client; rolls back and rethrows on error. */
export async function withTransaction<T>(pg: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pg.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

/** True when Postgres refused the data itself (SQLSTATE class 22 data exception, 23 integrity violation): retrying the
 *  same rows can never succeed, unlike a lost connection or a timeout. */
export function isBadRowError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}
