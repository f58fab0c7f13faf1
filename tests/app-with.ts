// An app with only the routes a test mounts and a stand-in for src/users/auth.ts: the x-test-user header (a numeric
// id) becomes req.user, an AuthUser like the one the real auth middleware sets.
import type express from 'express';
import type { Deps } from '../src/platform/deps';
import { createHttpApp } from '../src/platform/http';
import type { AuthUser } from '../src/users/accounts';
import { ageBandOf, genderOf } from '../src/core/demographics';

export function appWith(deps: Deps, mount: (app: express.Express) => void): express.Express {
  return createHttpApp(
    deps.logger,
    (app) => {
      app.use((req, _res, next) => {
        const id = req.get('x-test-user');
        if (id) {
          const user: AuthUser = {
            id: Number(id),
            email: null,
            gender: genderOf(req.get('x-test-gender')) ?? null,
            birth_year: null,
            age_band: ageBandOf(req.get('x-test-age')) ?? null,
          };
          req.user = user;
        }
        next();
      });
      mount(app);
    },
    { trustProxy: ['loopback'] },
  ); // tests pick client addresses with X-Forwarded-For
}
