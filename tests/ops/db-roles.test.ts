// The deployment's Postgres roles for real: docker/postgres/initdb/10-norae-roles.sh runs against the local server
// on a throwaway database (role names of this run only: roles are cluster-wide), migrations run as the migration
// role, and the API, its writers and its jobs run as the API role, which may only read and write rows.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { documentedRequest as request } from '../api-contract';
import { testDeps, testApp, closeDeps, redisReady } from '../support';
import type { Deps } from '../../src/platform/deps';
import { ensureDatabase, migrate } from '../../src/platform/migrate';
import { createPgPool } from '../../src/platform/postgres';
import { rebuildIndex } from '../../src/platform/index-admin';
import { songsFamily } from '../../src/songs/index-family';
import { ingestSongFiles, SAMPLE_SONG_FILES } from '../../src/songs/ingest';
import { scorePopularity } from '../../src/songs/popularity';
import { ensureEventPartition, partitionName } from '../../src/events/store';
import { runScheduledJob, scheduledJobs } from '../../src/jobs/schedule';

const root = path.resolve(__dirname, '..', '..');
const run = `${process.pid}_${Date.now().toString(36)}`;
const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const db = `norae_roles_${run}`;
const roles = { migrate: `norae_migrate_${run}`, app: `norae_app_${run}` };
const passwords = { migrate: randomBytes(12).toString('hex'), app: randomBytes(12).toString('hex') };
const urlAs = (role: keyof typeof roles) => {
  const u = new URL(server);
  u.username = roles[role];
  u.password = passwords[role];
  u.pathname = `/${db}`;
  return u.toString();
};
const admin = (database: string) => {
  const u = new URL(server);
  u.pathname = `/${database}`;
  return new Client({ connectionString: u.toString() });
};
const prefix = `${process.env.ES_INDEX_PREFIX ?? 'norae_test_'}roles_`;

let app: Deps;
let superuser: Client;

beforeAll(async () => {
  const maintenance = admin('postgres');
  await maintenance.connect();
  await maintenance.query(`CREATE DATABASE ${db} ENCODING 'UTF8' TEMPLATE template0`);
  await maintenance.end();
  // the same script the postgres image runs on its first start, with this run's role names
  execFileSync('bash', [path.join(root, 'docker/postgres/initdb/10-norae-roles.sh')], {
    env: {
      ...process.env,
      PGHOST: server.hostname,
      PGPORT: server.port || '5432',
      PGPASSWORD: decodeURIComponent(server.password),
      POSTGRES_USER: decodeURIComponent(server.username) || 'postgres',
      POSTGRES_DB: db,
      NORAE_PG_MIGRATE_ROLE: roles.migrate,
      NORAE_PG_MIGRATE_PASSWORD: passwords.migrate,
      NORAE_PG_APP_ROLE: roles.app,
      NORAE_PG_APP_PASSWORD: passwords.app,
    },
    stdio: 'pipe',
  });
  superuser = admin(db);
  await superuser.connect();
}, 60_000);

afterAll(async () => {
  if (app) {
    await app.es.indices.delete({ index: `${prefix}*` }).catch(() => undefined);
    await closeDeps(app);
  }
  await superuser?.end();
  const maintenance = admin('postgres');
  await maintenance.connect();
  await maintenance.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
  for (const role of [roles.app, roles.migrate]) await maintenance.query(`DROP ROLE IF EXISTS ${role}`);
  await maintenance.end();
});

const pgCode = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (err: { code?: string }) => err.code,
  );

test('migrations run as the migration role (prepare.js: the database check, then every migration), which owns every table', async () => {
  await ensureDatabase(urlAs('migrate'));
  const pool = createPgPool({ databaseUrl: urlAs('migrate') });
  try {
    const applied = await migrate(pool);
    expect(applied.length).toBeGreaterThan(10);
    expect(await migrate(pool)).toEqual([]);
  } finally {
    await pool.end();
  }
  const owners = await superuser.query<{ owner: string; n: number }>(
    `SELECT tableowner AS owner, count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' GROUP BY 1`,
  );
  expect(owners.rows.map((r) => r.owner)).toEqual([roles.migrate]);
}, 120_000);

test('the API role has rows only: every table readable and writable, nothing it may create, alter, drop or own', async () => {
  const privileges = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
  const grants = await superuser.query<Record<string, boolean | string>>(
    `SELECT tablename AS table, ${privileges.map((p) => `has_table_privilege($1, 'public.' || quote_ident(tablename), '${p}') AS ${p.toLowerCase()}`).join(', ')}
     FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    [roles.app],
  );
  expect(grants.rows.length).toBeGreaterThan(20);
  for (const g of grants.rows) {
    expect(g).toEqual({
      table: g.table,
      select: true,
      insert: true,
      update: true,
      delete: true,
      truncate: true,
      references: false,
      trigger: false,
    });
  }
  const role = await superuser.query(
    `SELECT rolsuper, rolcreatedb, rolcreaterole, has_schema_privilege($1, 'public', 'CREATE') AS create_in_schema,
            has_database_privilege($1, $2, 'CREATE') AS create_in_db,
            (SELECT count(*)::int FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1) AS owns
     FROM pg_roles WHERE rolname = $1`,
    [roles.app, db],
  );
  expect(role.rows[0]).toEqual({
    rolsuper: false,
    rolcreatedb: false,
    rolcreaterole: false,
    create_in_schema: false,
    create_in_db: false,
    owns: 0,
  });

  const pool = createPgPool({ databaseUrl: urlAs('app') });
  try {
    // 42501: insufficient privilege
    expect(await pgCode(pool.query('CREATE TABLE intruder (id int)'))).toBe('42501');
    expect(await pgCode(pool.query('ALTER TABLE users ADD COLUMN intruder int'))).toBe('42501');
    expect(await pgCode(pool.query('DROP TABLE search_log'))).toBe('42501');
    expect(
      await pgCode(
        pool.query(`CREATE TABLE events_20990101 PARTITION OF events FOR VALUES FROM ('2099-01-01') TO ('2099-01-02')`),
      ),
    ).toBe('42501');
    expect(await pgCode(migrate(pool))).toBe('42501'); // it cannot even check the migrations (schema_migrations)
    // its two functions drop daily partitions of events and nothing else
    expect(await pgCode(pool.query("SELECT drop_event_partition('users')"))).toBe('22023');
  } finally {
    await pool.end();
  }
  // a stranger (any other login role of the cluster) may not even connect
  const stranger = `norae_stranger_${run}`;
  await superuser.query(`CREATE ROLE ${stranger} LOGIN PASSWORD '${passwords.app}'`);
  try {
    const u = new URL(urlAs('app'));
    u.username = stranger;
    const client = new Client({ connectionString: u.toString() });
    expect(await pgCode(client.connect())).toBe('42501');
    await client.end().catch(() => undefined);
  } finally {
    await superuser.query(`DROP ROLE ${stranger}`);
  }
});

test('the API works as the API role: sign-up, verification, lists, events on a new day, searches and their logs, the catalog merge, popularity, scheduled jobs', async () => {
  app = testDeps({
    DATABASE_URL: urlAs('app'),
    ES_INDEX_PREFIX: prefix,
    REDIS_PREFIX: `${process.env.REDIS_PREFIX ?? 'norae:test:'}roles-${run}:`,
    TRUST_PROXY: 'loopback',
    PUBLIC_URL: 'https://norae.example',
  });
  await redisReady(app.redis);
  const http = testApp(app);

  // the catalog: upserts, the full merge (TRUNCATE, a temporary table and ANALYZE), the index built from it
  const ingest = await ingestSongFiles(app.pg, SAMPLE_SONG_FILES, () => undefined, { fullMerge: true });
  expect(ingest.merge?.songs).toBeGreaterThan(0);
  await rebuildIndex(app, songsFamily);

  const email = `roles-${run}@example.com`;
  const signup = await request(http).post('/api/auth/signup').send({ email, password: 'correct horse battery' });
  expect(signup.status).toBe(201);
  const auth = { authorization: `Bearer ${signup.body.token}` };
  const mail = (
    await app.pg.query<{ body: string }>(
      "SELECT body FROM email_outbox WHERE to_address = $1 AND kind = 'verify_email'",
      [email],
    )
  ).rows[0];
  const link = /token=([\w-]+)/.exec(mail.body)![1];
  expect((await request(http).post('/api/auth/verify').send({ token: link })).body.email_verified).toBe(true);

  const song = (await request(http).get('/api/songs/search').query({ q: '너의 의미' })).body.items[0];
  expect(song?.title).toBe('너의 의미');
  const list = await request(http).post('/api/lists').set(auth).send({ name: '회식' });
  expect(list.status).toBe(201);
  expect((await request(http).put(`/api/lists/${list.body.id}/songs/${song.id}`).set(auth)).status).toBeLessThan(300);

  // events of a day without a partition yet: the writer makes it through ensure_event_partition
  const today = partitionName(new Date());
  await superuser.query(`DROP TABLE IF EXISTS ${today}`);
  const events = await request(http)
    .post('/api/events')
    .set(auth)
    .send({
      events: [
        { kind: 'sang', song_id: song.id },
        { kind: 'view', song_id: song.id },
      ],
    });
  expect(events.body).toEqual({ accepted: 2, counted: true });
  await app.writers.events.flush();
  await app.writers.searchLogs.flush();
  expect(app.writers.events.stats()).toMatchObject({ pending: 0, rejected: 0, failedWrites: 0 });
  expect(app.writers.searchLogs.stats().postgres).toMatchObject({
    pending: 0,
    rejected: 0,
    failedWrites: 0,
    written: 1,
  });
  // the list's save and the two client events, in the partition made just now
  expect(
    (
      await superuser.query(
        `SELECT kind, count(*)::int AS n FROM ${today} WHERE song_id = $1 GROUP BY kind ORDER BY kind`,
        [song.id],
      )
    ).rows,
  ).toEqual([
    { kind: 'sang', n: 1 },
    { kind: 'save', n: 1 },
    { kind: 'view', n: 1 },
  ]);
  expect(
    (await superuser.query('SELECT tableowner FROM pg_tables WHERE tablename = $1', [today])).rows[0].tableowner,
  ).toBe(roles.migrate);

  expect((await scorePopularity(app.pg)).scored).toBeGreaterThan(0);

  // the retention jobs drop an old partition and old search-log rows; every job claims its slot in job_runs
  const old = await ensureEventPartition(
    app.pg,
    new Date(Date.now() - (app.config.eventRetentionDays + 5) * 86_400_000),
  );
  await app.pg.query(
    "INSERT INTO search_log (searched_at, scope, query, normalized_query, result_count, took_ms) VALUES (now() - interval '400 days', 'songs', 'old', 'old', 0, 1)",
  );
  const jobs = scheduledJobs(app).filter((j) => ['events-retention', 'search-logs-retention'].includes(j.name));
  for (const job of jobs) expect(await runScheduledJob(app, job, new Date())).toBe('ran');
  expect(
    (await superuser.query('SELECT count(*)::int AS n FROM pg_tables WHERE tablename = $1', [old])).rows[0].n,
  ).toBe(0);
  expect((await superuser.query("SELECT count(*)::int AS n FROM search_log WHERE query = 'old'")).rows[0].n).toBe(0);
  expect((await superuser.query('SELECT job, error FROM job_runs ORDER BY job')).rows).toEqual([
    { job: 'events-retention', error: null },
    { job: 'search-logs-retention', error: null },
  ]);
}, 180_000);
