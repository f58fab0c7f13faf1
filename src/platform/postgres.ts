// The PostgreSQL pool: the system of record.
import { Pool } from 'pg';
import type { Config } from './config';

export function createPgPool(config: Pick<Config, 'databaseUrl'>, max = 10): Pool {
  const pool = new Pool({ connectionString: config.databaseUrl, max, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30_000, statement_timeout: 30_000 });
  pool.on('error', () => undefined); // idle client errors surface on the next query instead of crashing the process
  return pool;
}
