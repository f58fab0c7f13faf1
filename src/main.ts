// Starts the API (and, unless disabled, the cron schedule).
import { loadConfig, ConfigError } from './platform/config';
import { createDeps, closeDeps } from './compose';
import { createApp } from './app';
import { answerClientErrorsAsJson } from './platform/http';
import { startSchedule } from './jobs/schedule';
import { endRoomStreams } from './rooms/stream';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const deps = createDeps(config);
  const app = createApp(deps);
  const schedule = config.cron.enabled ? startSchedule(deps) : undefined;
  const server = answerClientErrorsAsJson(
    app.listen(config.port, config.host, () => {
      // the bound port, not the configured one: PORT=0 picks a free port (tests/ops/build.test.ts)
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      deps.logger.info('listening', { url: `http://${config.host}:${port}`, cron: config.cron.enabled });
    }),
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    deps.logger.info('stopping', { signal });
    schedule?.stop();
    // stop accepting and let in-flight requests finish (idle keep-alive connections are closed at once); requests
    // still running after SHUTDOWN_GRACE_MS are cut off so a stuck one cannot hold the process forever
    const drained = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const streams = endRoomStreams(); // open-ended: they would hold the server for the whole grace period
    if (streams) deps.logger.info('room streams ended', { streams });
    let graceTimer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => {
      graceTimer = setTimeout(() => resolve('timeout'), config.shutdownGraceMs);
    });
    if ((await Promise.race([drained, grace])) === 'timeout') {
      deps.logger.warn('requests still running at the end of the grace period: closing their connections', {
        grace_ms: config.shutdownGraceMs,
      });
      server.closeAllConnections();
    }
    clearTimeout(graceTimer);
    await closeDeps(deps); // then flushes the event and search-log writers (a failed final flush is logged with counts)
    deps.logger.info('stopped', { signal, writers: deps.writers.stats() });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
