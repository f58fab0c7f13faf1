// An app with only this capability's routes and a stand-in for src/users/auth.ts: the x-test-user header
// becomes req.user, the way the real auth middleware will set it.
import type express from 'express';
import type Redis from 'ioredis';
import type { Deps } from '../../src/platform/deps';
import { createHttpApp } from '../../src/platform/http';

export function appWith(deps: Deps, mount: (app: express.Express) => void): express.Express {
  return createHttpApp(deps.logger, (app) => {
    app.use((req, _res, next) => {
      const id = req.get('x-test-user');
      if (id) (req as unknown as { user: unknown }).user = { id, gender: req.get('x-test-gender'), age_range: req.get('x-test-age') };
      next();
    });
    mount(app);
  });
}

export async function clearKeys(redis: Redis, prefix: string, pattern: string): Promise<void> {
  await redis.eval(`for _,k in ipairs(redis.call('keys', ARGV[1])) do redis.call('del', k) end return 1`, 0, `${prefix}${pattern}`);
}
