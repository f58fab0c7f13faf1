// Starts the API (and, unless disabled, the cron schedule).
import { loadConfig, ConfigError } from './platform/config';
import { createDeps, closeDeps } from './platform/deps';
import { createApp } from './app';
import { answerClientErrorsAsJson } from './platform/http';
import { startSchedule } from './jobs/schedule';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) { console.error(err.message); process.exit(2); }
    throw err;
  }
  const deps = createDeps(config);
  const app = createApp(deps);
  const schedule = config.cron.enabled ? startSchedule(deps) : undefined;
  const server = answerClientErrorsAsJson(app.listen(config.port, config.host, () => deps.logger.info('listening', { url: `http://${config.host}:${config.port}`, cron: config.cron.enabled })));
  const stop = async (signal: string) => {
    deps.logger.info('stopping', { signal });
    schedule?.stop();
    server.close();
    await closeDeps(deps); // flushes the event and search-log writers first
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
