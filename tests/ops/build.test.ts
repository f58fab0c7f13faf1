// `npm run build` output runs: tsconfig.build.json compiled into a scratch folder below the project root (as dist/ is),
// the compiled server started against the real services, and the files it reads at run time (migrations, the web
// page, package.json) found from compiled code through src/platform/paths.ts.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import { listMigrations } from '../../src/platform/migrate';

const run = promisify(execFile);
const root = path.resolve(__dirname, '..', '..');
const BUILD_MS = 240_000;
let outDir: string;

beforeAll(async () => {
  fs.mkdirSync(path.join(root, '.cache'), { recursive: true });
  outDir = fs.mkdtempSync(path.join(root, '.cache', 'build-test-'));
  // --noCheck: emit only; the full run's `npm run typecheck` checks the same program
  await run(
    process.execPath,
    [
      require.resolve('typescript/bin/tsc'),
      '-p',
      path.join(root, 'tsconfig.build.json'),
      '--outDir',
      outDir,
      '--noCheck',
    ],
    { cwd: root },
  );
}, BUILD_MS);

afterAll(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

test('the build emits the server and the scripts the image runs, and no tests', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
  expect(pkg.scripts.start).toBe('node dist/src/main.js');
  for (const file of ['src/main.js', 'scripts/prepare.js', 'src/recs/train-worker.js'])
    expect({ file, built: fs.existsSync(path.join(outDir, file)) }).toEqual({ file, built: true });
  const emitted = fs.readdirSync(outDir, { recursive: true }).map(String);
  expect(emitted.filter((f) => f.endsWith('.test.js'))).toEqual([]);
});

test('compiled code finds the project root and the migrations beside the sources', async () => {
  const probe = `const paths = require(${JSON.stringify(path.join(outDir, 'src/platform/paths.js'))});
    const migrate = require(${JSON.stringify(path.join(outDir, 'src/platform/migrate.js'))});
    console.log(JSON.stringify({ root: paths.PROJECT_ROOT, migrations: migrate.listMigrations().map((m) => m.id) }));`;
  const { stdout } = await run(process.execPath, ['-e', probe], { cwd: outDir });
  const seen = JSON.parse(stdout);
  expect(seen.root).toBe(root);
  expect(seen.migrations).toEqual(listMigrations().map((m) => m.id));
  expect(seen.migrations.length).toBeGreaterThan(0);
});

describe('the compiled server', () => {
  let server: ChildProcess;
  let base: string;

  beforeAll(async () => {
    // PORT=0: the server takes a free port and logs the one it bound
    server = spawn(process.execPath, [path.join(outDir, 'src/main.js')], {
      cwd: outDir,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CRON_ENABLED: 'false' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    base = await new Promise<string>((resolve, reject) => {
      server.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
      readline.createInterface({ input: server.stdout! }).on('line', (line) => {
        const entry = (() => {
          try {
            return JSON.parse(line);
          } catch {
            return undefined;
          }
        })();
        if (entry?.msg === 'listening') resolve(entry.url);
      });
    });
  });

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
  });

  test('answers /healthz and /readyz with every service up', async () => {
    const health = await fetch(`${base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  test('serves the web page and the OpenAPI document from the project files', async () => {
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const doc = await (await fetch(`${base}/openapi.json`)).json();
    expect(doc.info.version).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  });

  test('stops cleanly on SIGTERM (writers flushed, exit code 0)', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
