// A real API process (src/main.ts under tsx) for tests of process-level behaviour: signals, several processes on one
// database. Its JSON log lines are collected; waits are on log lines, each with a bounded deadline.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export interface LogLine {
  msg: string;
  level: string;
  [field: string]: unknown;
}

export interface ApiProcess {
  child: ChildProcess;
  port: number;
  url: string;
  logs: LogLine[];
  /** Resolves with the first log line (already seen or to come) matching, or fails after ms. */
  waitForLog(match: (line: LogLine) => boolean, ms?: number, what?: string): Promise<LogLine>;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
  });
}

export async function startApiProcess(env: Record<string, string>, startMs = 120_000): Promise<ApiProcess> {
  const port = await freePort();
  // no HOST unless the test sets one: the process listens where the default puts it (127.0.0.1)
  const inherited = { ...process.env };
  delete inherited.HOST;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...inherited, APP_ENV: 'test', PORT: String(port), LOG_LEVEL: 'info', CRON_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: LogLine[] = [];
  const waiters: Array<{ match: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];
  let rest = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const text of lines) {
      let line: LogLine;
      try {
        line = JSON.parse(text);
      } catch {
        continue;
      }
      logs.push(line);
      for (const w of waiters.filter((x) => x.match(line))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLog = (match: (l: LogLine) => boolean, ms = 30_000, what = 'a log line') => {
    const seen = logs.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogLine>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${what}: not logged within ${ms / 1000} s; stderr: ${stderr}`)),
        ms,
      );
      waiters.push({
        match,
        resolve: (l) => {
          clearTimeout(timer);
          resolve(l);
        },
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${what}: the process exited (${code}) first; stderr: ${stderr}`));
      });
    });
  };
  const api: ApiProcess = { child, port, url: `http://127.0.0.1:${port}`, logs, waitForLog, exited };
  await waitForLog((l) => l.msg === 'listening', startMs, 'API start');
  return api;
}

/** Ends a process this test started, if it still runs. */
export function killApiProcess(api: ApiProcess | undefined): void {
  if (api && api.child.exitCode === null && api.child.signalCode === null) api.child.kill('SIGKILL');
}
