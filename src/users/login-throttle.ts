// Password-guessing brakes: failed logins are counted per account, per account+address and per address; past a
// few free failures each further one locks that subject for an exponentially growing, capped delay (never a
// permanent lockout). An address that has signed in to the account before is not held by the account-wide lock,
// so a stranger's guessing cannot keep the owner out. Redis down: logins are not throttled (bcrypt still costs).
import type { Deps } from '../platform/deps';
import { AppError } from '../platform/errors';
import { ipSubject } from '../abuse/ip';
import { logIn, type IssuedToken, type Profile } from './accounts';
import type { LogInInput } from './schemas';

export const LOGIN_BACKOFF_BASE_MS = 1000;
export const LOGIN_BACKOFF_MAX_MS = 15 * 60 * 1000;
const COUNTER_TTL_SECONDS = 24 * 3600;
const KNOWN_ADDRESS_TTL_SECONDS = 30 * 24 * 3600;

export interface ThrottleSubject { key: string; freeFailures: number }

/** 0 while failures <= free, then base, 2·base, 4·base, ... up to max. */
export function backoffMs(failures: number, freeFailures: number, baseMs = LOGIN_BACKOFF_BASE_MS, maxMs = LOGIN_BACKOFF_MAX_MS): number {
  if (failures <= freeFailures) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, failures - freeFailures - 1));
}

export function loginSubjects(email: string, ip: string, knownAddress: boolean): ThrottleSubject[] {
  const addr = ipSubject(ip);
  const subjects: ThrottleSubject[] = [
    { key: `pair:${email}|${addr}`, freeFailures: 5 },
    { key: `ip:${addr}`, freeFailures: 30 },
  ];
  if (!knownAddress) subjects.push({ key: `acct:${email}`, freeFailures: 10 });
  return subjects;
}

type ThrottleDeps = Pick<Deps, 'redis' | 'logger'>;
const untilKey = (s: string) => `login:until:${s}`;
const failKey = (s: string) => `login:fail:${s}`;
const knownKey = (email: string, ip: string) => `login:known:${email}|${ipSubject(ip)}`;

async function failOpen<T>(deps: ThrottleDeps, what: string, fallback: T, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    deps.logger.warn('login throttle unavailable, not throttling', { what, error: (err as Error).message });
    return fallback;
  }
}

/** The subjects for this attempt, or a 429 login_throttled when any of them is locked at `now`. */
export async function checkLogin(deps: ThrottleDeps, email: string, ip: string, now: number = Date.now()): Promise<ThrottleSubject[]> {
  const known = await failOpen(deps, 'known', false, async () => (await deps.redis.exists(knownKey(email, ip))) === 1);
  const subjects = loginSubjects(email, ip, known);
  const until = await failOpen(deps, 'check', [] as Array<string | null>, () => deps.redis.mget(subjects.map((s) => untilKey(s.key))));
  const lockedUntil = Math.max(0, ...until.map((u) => Number(u ?? 0)));
  if (lockedUntil > now) {
    const retryAfter = Math.ceil((lockedUntil - now) / 1000);
    throw new AppError(429, 'login_throttled', `too many failed logins, retry in ${retryAfter} s`, { retry_after_seconds: retryAfter }, { 'Retry-After': String(retryAfter) });
  }
  return subjects;
}

export async function recordLoginFailure(deps: ThrottleDeps, subjects: ThrottleSubject[], now: number = Date.now()): Promise<void> {
  await failOpen(deps, 'failure', undefined, async () => {
    const counts = await deps.redis.multi(subjects.flatMap((s) => [['incr', failKey(s.key)], ['expire', failKey(s.key), COUNTER_TTL_SECONDS]])).exec();
    const locks = subjects.map((s, i) => ({ s, delay: backoffMs(Number(counts?.[i * 2]?.[1] ?? 0), s.freeFailures) })).filter((l) => l.delay > 0);
    if (locks.length) await deps.redis.multi(locks.map((l) => ['set', untilKey(l.s.key), String(now + l.delay), 'PX', l.delay])).exec();
  });
}

export async function recordLoginSuccess(deps: ThrottleDeps, email: string, ip: string, subjects: ThrottleSubject[]): Promise<void> {
  await failOpen(deps, 'success', undefined, async () => {
    const personal = subjects.filter((s) => !s.key.startsWith('ip:')).flatMap((s) => [failKey(s.key), untilKey(s.key)]);
    await deps.redis.multi([['del', ...personal], ['set', knownKey(email, ip), '1', 'EX', KNOWN_ADDRESS_TTL_SECONDS]]).exec();
  });
}

/** logIn behind the throttle: a locked subject is a 429 before the password is even checked. */
export async function throttledLogIn(deps: Pick<Deps, 'pg' | 'config' | 'redis' | 'logger'>, input: LogInInput, ip: string): Promise<IssuedToken & { user: Profile }> {
  const subjects = await checkLogin(deps, input.email, ip);
  try {
    const result = await logIn(deps, input);
    await recordLoginSuccess(deps, input.email, ip, subjects);
    return result;
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid_credentials') await recordLoginFailure(deps, subjects);
    throw err;
  }
}
