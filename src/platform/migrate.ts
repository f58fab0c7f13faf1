// Ordered SQL migrations from src/*/migrations/NNN_name.sql, tracked in schema_migrations.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { withAdvisoryLock } from './advisory-lock';
import { projectPath } from './paths';
import { withTransaction } from './postgres';

export interface Migration {
  id: string;
  file: string;
}

export function listMigrations(srcDir = projectPath('src')): Migration[] {
  const found: Migration[] = [];
  for (const capability of fs.readdirSync(srcDir)) {
    const dir = path.join(srcDir, capability, 'migrations');
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir))
      if (f.endsWith('.sql')) found.push({ id: f.replace(/\.sql$/, ''), file: path.join(dir, f) });
  }
  const ids = new Set<string>();
  for (const m of found) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

export async function migrate(pg: Pool, log: (msg: string) => void = () => undefined): Promise<string[]> {
  // one migrator at a time: the others wait, then find the migrations applied
  return withAdvisoryLock(
    pg,
    'schema-migrations',
    async (client) => {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (id text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
      );
      const done = new Set(
        (await client.query<{ id: string }>('SELECT id FROM schema_migrations')).rows.map((r) => r.id),
      );
      const applied: string[] = [];
      for (const m of listMigrations()) {
        if (done.has(m.id)) continue;
        log(`applying ${m.id}`);
        // the lock stays with `client`; each migration commits or rolls back as a whole on a connection of its own
        await withTransaction(pg, async (tx) => {
          await tx.query(fs.readFileSync(m.file, 'utf8'));
          await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [m.id]);
        }).catch((err) => {
          throw new Error(`migration ${m.id} failed: ${(err as Error).message}`);
        });
        applied.push(m.id);
      }
      return applied;
    },
    { wait: true },
  );
}

/** Creates the database named in the URL if it does not exist (connecting to the maintenance db). */
/** Runs `fn` on a connection to the cluster's `postgres` database, with the checked name of `databaseUrl`'s database. */
async function withClusterAdmin(
  databaseUrl: string,
  fn: (admin: import('pg').Client, name: string) => Promise<void>,
): Promise<void> {
  const { Client } = await import('pg');
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`database name "${name}" must be lower-case letters, digits and underscores`);
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await fn(admin, name);
  } finally {
    await admin.end();
  }
}

export async function ensureDatabase(databaseUrl: string, opts: { recreate?: boolean } = {}): Promise<void> {
  await withClusterAdmin(databaseUrl, async (admin, name) => {
    if (opts.recreate) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name} ENCODING 'UTF8' TEMPLATE template0`);
  });
}

/** Drops `databaseUrl`'s database if it exists (benchmarks' --drop). */
export async function dropDatabase(databaseUrl: string): Promise<void> {
  await withClusterAdmin(databaseUrl, async (admin, name) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  });
}
