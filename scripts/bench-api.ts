// The API under benchmark in its own process (node itself, not npx, so killing it orphans nothing), so the load
// generator never shares the API's event loop and the latencies are the API's.
import { spawn } from 'node:child_process';

export interface BenchApi {
  baseUrl: string;
  pid: number;
  stop: () => void;
  exited: Promise<void>;
}

/** nodeArgs: extra flags for node (e.g. --cpu-prof) */
export async function startBenchApi(env: NodeJS.ProcessEnv, port: number, nodeArgs: string[] = []): Promise<BenchApi> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts'], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () => {
    child.kill('SIGTERM');
  };
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} before it was ready`);
    if (
      await fetch(`${baseUrl}/readyz`)
        .then((r) => r.ok)
        .catch(() => false)
    )
      return { baseUrl, pid: child.pid!, stop, exited };
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error('the API did not become ready in 60 s');
}
