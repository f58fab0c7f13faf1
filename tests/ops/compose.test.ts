// docker-compose.yml, the Dockerfile and .dockerignore are secure by default. There is no Docker engine where the
// suite runs, so these files are parsed and their properties checked, not run.
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { trustProxyProblems } from '../../src/platform/config';

const root = path.resolve(__dirname, '..', '..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  profiles?: string[];
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  user?: string;
  volumes?: string[];
  security_opt?: string[];
}
const composeText = read('docker-compose.yml');
const compose = YAML.parse(composeText, { merge: true }) as {
  services: Record<string, Service>;
  networks?: Record<string, { ipam?: { config?: Array<{ subnet?: string }> } }>;
};
const services = compose.services;
const env = (name: string) => services[name].environment ?? {};
const command = (name: string) => [services[name].command ?? []].flat().join(' ');
const SECRET = /PASSWORD|SECRET|API_KEY|TOKEN/;

describe('docker-compose.yml', () => {
  test('no credential is written in the file: every secret comes from .env', () => {
    for (const [name, svc] of Object.entries(services)) {
      for (const [key, value] of Object.entries(svc.environment ?? {})) {
        if (SECRET.test(key))
          expect({ name, key, value }).toEqual({
            name,
            key,
            value: expect.stringMatching(/^\$\{[A-Z_]+(:[-?][^}]*)?\}$/),
          });
      }
    }
    // connection URLs carry their password from .env too
    expect(env('api').DATABASE_URL).toMatch(
      /^postgres:\/\/norae_app:\$\{NORAE_PG_APP_PASSWORD:\?[^}]*\}@postgres:5432\/norae$/,
    );
    expect(env('migrate').DATABASE_URL).toMatch(
      /^postgres:\/\/norae_migrate:\$\{NORAE_PG_MIGRATE_PASSWORD:\?[^}]*\}@postgres:5432\/norae$/,
    );
    expect(env('api').REDIS_URL).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]*\}@redis:6379$/);
  });

  test('compose refuses to start without each required password (${VAR:?...})', () => {
    for (const name of [
      'ELASTIC_PASSWORD',
      'KIBANA_SYSTEM_PASSWORD',
      'NORAE_ES_PASSWORD',
      'POSTGRES_PASSWORD',
      'NORAE_PG_MIGRATE_PASSWORD',
      'NORAE_PG_APP_PASSWORD',
      'REDIS_PASSWORD',
    ]) {
      const uses = composeText.match(new RegExp(`\\$\\{${name}(:[-?][^}]*)?\\}`, 'g')) ?? [];
      expect({ name, uses: uses.length > 0, allRequired: uses.every((u) => u.startsWith(`\${${name}:?`)) }).toEqual({
        name,
        uses: true,
        allRequired: true,
      });
    }
  });

  test('.env.example documents every variable the compose file reads, and .env stays out of git and images', () => {
    const example = read('.env.example');
    const used = new Set([...composeText.matchAll(/\$\{([A-Z_]+)/g)].map((m) => m[1]));
    for (const name of used)
      expect({ name, documented: new RegExp(`^${name}=`, 'm').test(example) }).toEqual({ name, documented: true });
    // the example holds no secret values
    for (const line of example.split('\n').filter((l) => SECRET.test(l.split('=')[0]) && !l.startsWith('#')))
      expect(line).toMatch(/=$/);
    expect(read('.gitignore').split('\n')).toContain('.env');
    expect(read('.dockerignore').split('\n')).toContain('.env');
  });

  test('only the API and Kibana are published, both on 127.0.0.1 only (a reverse proxy on the host fronts the API)', () => {
    const published = Object.entries(services)
      .filter(([, s]) => s.ports?.length)
      .map(([n]) => n)
      .sort();
    expect(published).toEqual(['api', 'kibana']);
    expect(services.api.ports).toEqual(['127.0.0.1:${API_PORT:-3000}:3000']);
    for (const port of services.kibana.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:/);
  });

  test('TRUST_PROXY is a required list of addresses: the gateway of the fixed subnet the host proxy comes through', () => {
    expect(env('api').TRUST_PROXY).toMatch(/^\$\{TRUST_PROXY:\?[^}]*\}$/);
    const subnet = compose.networks?.default?.ipam?.config?.[0]?.subnet;
    expect(subnet).toBe('${NORAE_SUBNET:-172.30.77.0/24}');
    const example = Object.fromEntries(
      read('.env.example')
        .split('\n')
        .filter((l) => /^[A-Z_]+=/.test(l))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    expect(example.NORAE_SUBNET).toBe('172.30.77.0/24');
    expect(example.TRUST_PROXY).toBe('172.30.77.1');
    // what the example sets is what production accepts; a hop count is refused there
    expect(trustProxyProblems(example.TRUST_PROXY, 'production')).toEqual([]);
    expect(trustProxyProblems('1', 'production')).toEqual([expect.stringMatching(/not a hop count/)]);
  });

  test('every image is pinned to an exact version (our own builds start from pinned images too)', () => {
    // a digest, or a full release number: major.minor.patch, or major.minor for Postgres (its numbering since 10)
    const exact = (image: string) =>
      /@sha256:[0-9a-f]{64}$/.test(image) ||
      /:\d+\.\d+\.\d+(-[a-z0-9.]+)?$/.test(image) ||
      /^postgres:\d{2,}\.\d+(-[a-z0-9.]+)?$/.test(image);
    for (const [name, svc] of Object.entries(services)) {
      const image = svc.image ?? '';
      // norae/* are built here (docker/elasticsearch, the Dockerfile); their FROM lines are checked below
      if (image.startsWith('norae/')) continue;
      expect({ name, image, exact: exact(image) }).toEqual({ name, image, exact: true });
    }
    expect(['redis:7', 'postgres:15', 'redis:7.4-bookworm', 'kibana:latest'].filter(exact)).toEqual([]);
    expect(services.postgres.image).toBe('postgres:15.20-bookworm');
    expect(services.redis.image).toBe('redis:7.4.8-bookworm');
    expect(read('docker/elasticsearch/Dockerfile')).toMatch(
      /^FROM docker\.elastic\.co\/elasticsearch\/elasticsearch:\$\{ES_VERSION\}$/m,
    );
    expect((services.elasticsearch.build as { args: Record<string, string> }).args.ES_VERSION).toMatch(
      /^\d+\.\d+\.\d+$/,
    );
  });

  test("Redis runs as the redis user, not root (its `sh -c` command skips the image's own step-down)", () => {
    expect(services.redis.user).toBe('redis');
    expect(command('redis')).toMatch(/^sh -c exec redis-server /);
    expect(services.redis.security_opt).toContain('no-new-privileges:true');
  });

  test('Postgres: the API connects as norae_app, migrations and samples as norae_migrate, both made on first start', () => {
    expect(services.postgres.volumes).toContain('./docker/postgres/initdb:/docker-entrypoint-initdb.d:ro');
    expect(env('postgres')).toMatchObject({
      NORAE_PG_MIGRATE_PASSWORD: expect.stringMatching(/^\$\{NORAE_PG_MIGRATE_PASSWORD:\?/),
      NORAE_PG_APP_PASSWORD: expect.stringMatching(/^\$\{NORAE_PG_APP_PASSWORD:\?/),
    });
    const script = read('docker/postgres/initdb/10-norae-roles.sh');
    expect(script).toMatch(/CREATE ROLE :"migrate_role" LOGIN/);
    expect(script).toMatch(/CREATE ROLE :"app_role" LOGIN/);
    expect(script).toMatch(/GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON TABLES TO :"app_role"/);
    // the superuser is for operators only: no service but postgres itself is handed its password
    for (const [name, svc] of Object.entries(services).filter(([n]) => n !== 'postgres')) {
      expect({ name, env: JSON.stringify(svc.environment ?? {}) }).not.toEqual({
        name,
        env: expect.stringContaining('POSTGRES_PASSWORD'),
      });
    }
    for (const name of ['api']) expect(env(name).DATABASE_URL).toContain('//norae_app:');
    for (const name of ['migrate', 'samples']) expect(env(name).DATABASE_URL).toContain('//norae_migrate:');
  });

  test('Elasticsearch runs with security on and a password; the API logs in as its own user', () => {
    expect(env('elasticsearch')['xpack.security.enabled']).toBe('true');
    expect(env('elasticsearch').ELASTIC_PASSWORD).toMatch(/^\$\{ELASTIC_PASSWORD:\?/);
    expect(env('api')).toMatchObject({
      ES_USERNAME: 'norae_api',
      ES_PASSWORD: expect.stringMatching(/^\$\{NORAE_ES_PASSWORD:\?/),
    });
    expect(env('kibana')).toMatchObject({
      ELASTICSEARCH_USERNAME: 'kibana_system',
      ELASTICSEARCH_PASSWORD: expect.stringMatching(/^\$\{KIBANA_SYSTEM_PASSWORD:\?/),
    });
    // the API's user is limited to its own indices
    expect(command('es-setup')).toMatch(/_security\/role\/norae_api[\s\S]*"names":\["norae_\*"\]/);
  });

  test('Postgres without trust auth; Redis with a password', () => {
    expect(Object.keys(env('postgres'))).not.toContain('POSTGRES_HOST_AUTH_METHOD');
    for (const svc of Object.values(services)) expect(Object.values(svc.environment ?? {})).not.toContain('trust');
    expect(env('postgres').POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(env('postgres').POSTGRES_INITDB_ARGS).toBe('--auth-host=scram-sha-256 --auth-local=scram-sha-256');
    expect(command('redis')).toContain('--requirepass "$$REDIS_PASSWORD"');
  });

  test('the API runs compiled JS; migrations and samples are one-shot services, samples only on demand', () => {
    expect(services.api.command).toEqual(['node', 'dist/src/main.js']);
    expect(composeText).not.toMatch(/\btsx\b/);
    expect(services.migrate).toMatchObject({ command: ['node', 'dist/scripts/prepare.js'], restart: 'no' });
    expect(services.samples).toMatchObject({
      command: ['node', 'dist/scripts/prepare.js', '--samples'],
      restart: 'no',
      profiles: ['samples'],
    });
    expect(services.api.depends_on?.migrate).toEqual({ condition: 'service_completed_successfully' });
    expect(Object.keys(services.api.depends_on ?? {})).not.toContain('samples');
    for (const [name, svc] of Object.entries(services).filter(([n]) => n !== 'samples'))
      expect({ name, command: command(name) }).not.toEqual({ name, command: expect.stringContaining('--samples') });
  });
});

/** The Dockerfile as stages: each FROM starts one, with its instructions. */
function dockerStages(text: string) {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Array<{ from: string; name?: string; instructions: Array<{ op: string; args: string }> }> = [];
  for (const line of lines) {
    const [op, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = args.match(/^(\S+)(?:\s+AS\s+(\S+))?$/i);
      stages.push({ from: m?.[1] ?? args, name: m?.[2], instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

describe('Dockerfile of the API', () => {
  const stages = dockerStages(read('Dockerfile'));
  const runtime = stages[stages.length - 1];
  const runtimeText = runtime.instructions.map((i) => `${i.op} ${i.args}`).join('\n');

  test('multi-stage: TypeScript compiled in a build stage, the runtime stage only copies its output', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const build = stages.find((s) => s.instructions.some((i) => i.op === 'RUN' && /npm run build/.test(i.args)));
    expect(build).toBeDefined();
    expect(build).not.toBe(runtime);
    expect(runtimeText).toMatch(new RegExp(`COPY --from=${build?.name} /app/dist ./dist`));
    expect(runtime.instructions.filter((i) => i.op === 'RUN')).toEqual([]); // nothing built or installed in the final image
  });

  test('every stage is on a supported Node LTS (22), all on the same exact release', () => {
    for (const s of stages) expect(s.from).toMatch(/^node:22\.\d+\.\d+-bookworm-slim$/);
    expect(new Set(stages.map((s) => s.from)).size).toBe(1);
  });

  test('runs node on compiled JS, as a non-root user, with production dependencies only', () => {
    const cmd = runtime.instructions.filter((i) => i.op === 'CMD').pop();
    expect(JSON.parse(cmd?.args ?? '[]')).toEqual(['node', 'dist/src/main.js']);
    expect(runtimeText).not.toMatch(/tsx|ts-node/);
    const user = runtime.instructions.filter((i) => i.op === 'USER').pop()?.args;
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    const deps = stages.find((s) => s.instructions.some((i) => i.op === 'RUN' && /npm ci --omit=dev/.test(i.args)));
    expect(runtimeText).toMatch(new RegExp(`COPY --from=${deps?.name} /app/node_modules ./node_modules`));
    // tsx is a dev tool: npm ci --omit=dev leaves it out of the image
    const pkg = JSON.parse(read('package.json'));
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
  });

  test('.dockerignore keeps secrets, local state and host builds out of the build context', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim());
    for (const entry of ['.git', '.env', '.cache', 'node_modules', 'dist']) expect(ignored).toContain(entry);
  });
});
