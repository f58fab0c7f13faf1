// The API under benchmark in its own process (node itself, not npx, so killing it orphans nothing), so the load
// generator never shares the API's event loop and the latencies are the API's.
import { spawn } from 'node:child_process';

export interface BenchApi { baseUrl: string; stop: () => void }

export async function startBenchApi(env: NodeJS.ProcessEnv, port: number): Promise<BenchApi> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () => { child.kill('SIGTERM'); };
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with code ${child.exitCode} before it was ready`);
    if (await fetch(`${baseUrl}/readyz`).then((r) => r.ok).catch(() => false)) return { baseUrl, stop };
    await new Promise((r) => setTimeout(r, 500));
  }
  stop();
  throw new Error('the API did not become ready in 60 s');
}
