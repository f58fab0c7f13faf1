// Password-guessing brakes: failed logins are counted per account, per account+address and per address; past a
// few free failures each further one locks that subject for an exponentially growing, capped delay (never a
// permanent lockout). An address that has signed in to the account before is not held by the account-wide lock,
// so a stranger's guessing cannot keep the owner out. Each attempt is reserved in Redis before the password is
// checked (one script checks every lock and counts the attempt as a failure), so guesses sent at once are held like
// guesses sent one by one; a success clears the account's counts, an attempt that could not be judged is given back.
// Redis down: logins are not throttled (bcrypt still costs).
import type { Deps } from '../platform/deps';
import { AppError } from '../platform/errors';
import { ipSubject } from '../core/ip-subject';
import { logIn, type IssuedToken, type Profile } from './accounts';
import type { LogInInput } from './schemas';

export const LOGIN_BACKOFF_BASE_MS = 1000;
export const LOGIN_BACKOFF_MAX_MS = 15 * 60 * 1000;
const COUNTER_TTL_SECONDS = 24 * 3600;
const KNOWN_ADDRESS_TTL_SECONDS = 30 * 24 * 3600;

export interface ThrottleSubject {
  key: string;
  freeFailures: number;
}

/** 0 while failures <= free, then base, 2·base, 4·base, ... up to max. */
export function backoffMs(
  failures: number,
  freeFailures: number,
  baseMs = LOGIN_BACKOFF_BASE_MS,
  maxMs = LOGIN_BACKOFF_MAX_MS,
): number {
  if (failures <= freeFailures) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(30, failures - freeFailures - 1));
}

/** The lock after the 1st, 2nd, ... failure past the free ones, up to the cap (handed to the reserve script). */
export const BACKOFF_STEPS: number[] = (() => {
  const steps: number[] = [];
  for (let over = 1; steps.at(-1) !== LOGIN_BACKOFF_MAX_MS; over++) steps.push(backoffMs(over, 0));
  return steps;
})();

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
/** The address's subject is shared by every account: a success gives its attempt back instead of clearing it. */
const isShared = (s: ThrottleSubject) => s.key.startsWith('ip:');

// KEYS: (fail, until) per subject. ARGV: now, ttl, free failures per subject, then the back-off steps.
// Any subject locked at `now`: nothing is counted, returns {0, locked until}. Else every subject counts the attempt
// as a failure and the ones past their free failures are locked for the next step: returns {1, 0}.
const RESERVE = `
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local n = #KEYS / 2
local steps = #ARGV - 2 - n
local locked = 0
for i = 1, n do
  local u = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
  if u > locked then locked = u end
end
if locked > now then return {0, string.format('%.0f', locked)} end
for i = 1, n do
  local free = tonumber(ARGV[2 + i])
  local count = redis.call('INCR', KEYS[2 * i - 1])
  redis.call('EXPIRE', KEYS[2 * i - 1], ttl)
  if count > free then
    local delay = tonumber(ARGV[2 + n + math.min(count - free, steps)])
    redis.call('SET', KEYS[2 * i], string.format('%.0f', now + delay), 'EX', ttl)
  end
end
return {1, '0'}`;

// KEYS: fail counters to give one attempt back (never below 0), then ARGV[1] more keys to delete.
const GIVE_BACK = `
local refunds = #KEYS - tonumber(ARGV[1])
for i = 1, refunds do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
for i = refunds + 1, #KEYS do redis.call('DEL', KEYS[i]) end
return 1`;

async function failOpen<T>(deps: ThrottleDeps, what: string, fallback: T, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    deps.logger.warn('login throttle unavailable, not throttling', { what, error: (err as Error).message });
    return fallback;
  }
}

/** A reserved attempt: already counted as a failure against `subjects` (empty when Redis was unavailable). */
export interface LoginAttempt {
  email: string;
  ip: string;
  subjects: ThrottleSubject[];
}

const throttled = (lockedUntil: number, now: number) => {
  const retryAfter = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
  return new AppError(
    429,
    'login_throttled',
    `too many failed logins, retry in ${retryAfter} s`,
    { retry_after_seconds: retryAfter },
    { 'Retry-After': String(retryAfter) },
  );
};

/**
 * Reserves one password check for `email` from `ip` at `now`: a 429 login_throttled when any subject is locked,
 * else the attempt is counted (as a failure until settled otherwise) before the caller runs bcrypt.
 */
export async function reserveLoginAttempt(
  deps: ThrottleDeps,
  email: string,
  ip: string,
  now: number = Date.now(),
): Promise<LoginAttempt> {
  const known = await failOpen(deps, 'known', false, async () => (await deps.redis.exists(knownKey(email, ip))) === 1);
  const subjects = loginSubjects(email, ip, known);
  const keys = subjects.flatMap((s) => [failKey(s.key), untilKey(s.key)]);
  const args = [now, COUNTER_TTL_SECONDS, ...subjects.map((s) => s.freeFailures), ...BACKOFF_STEPS];
  const reply = await failOpen(
    deps,
    'reserve',
    undefined,
    () => deps.redis.eval(RESERVE, keys.length, ...keys, ...args) as Promise<[number, string]>,
  );
  if (!reply) return { email, ip, subjects: [] };
  if (reply[0] !== 1) throw throttled(Number(reply[1]), now);
  return { email, ip, subjects };
}

/**
 * How a reserved attempt ended. 'failed': it stays counted. 'succeeded': the account's own counts and locks are
 * cleared, the address's shared count gets the attempt back and the address is remembered as the owner's.
 * 'unjudged' (the check itself broke): every subject gets the attempt back.
 */
export async function settleLoginAttempt(
  deps: ThrottleDeps,
  attempt: LoginAttempt,
  outcome: 'succeeded' | 'failed' | 'unjudged',
): Promise<void> {
  if (outcome === 'failed' || !attempt.subjects.length) return;
  await failOpen(deps, 'settle', undefined, async () => {
    const cleared = outcome === 'succeeded' ? attempt.subjects.filter((s) => !isShared(s)) : [];
    const refunded = attempt.subjects.filter((s) => !cleared.includes(s)).map((s) => failKey(s.key));
    const deleted = cleared.flatMap((s) => [failKey(s.key), untilKey(s.key)]);
    await deps.redis.eval(GIVE_BACK, refunded.length + deleted.length, ...refunded, ...deleted, deleted.length);
    if (outcome === 'succeeded')
      await deps.redis.set(knownKey(attempt.email, attempt.ip), '1', 'EX', KNOWN_ADDRESS_TTL_SECONDS);
  });
}

/** Runs a password check behind the throttle: reserved first, settled by how it ended (401 invalid_credentials = failed). */
export async function behindLoginThrottle<T>(
  deps: ThrottleDeps,
  email: string,
  ip: string,
  now: number,
  check: () => Promise<T>,
): Promise<T> {
  const attempt = await reserveLoginAttempt(deps, email, ip, now);
  let result: T;
  try {
    result = await check();
  } catch (err) {
    const failed = err instanceof AppError && err.code === 'invalid_credentials';
    await settleLoginAttempt(deps, attempt, failed ? 'failed' : 'unjudged');
    throw err;
  }
  await settleLoginAttempt(deps, attempt, 'succeeded');
  return result;
}

/** The owner proved the address (password reset): the account-wide lock other addresses see is lifted. */
export async function forgetAccountFailures(deps: ThrottleDeps, email: string): Promise<void> {
  await failOpen(deps, 'forget', undefined, async () => {
    await deps.redis.del(failKey(`acct:${email}`), untilKey(`acct:${email}`));
  });
}

/** logIn behind the throttle: a locked subject is a 429 before the password is even checked. */
export async function throttledLogIn(
  deps: Pick<Deps, 'pg' | 'config' | 'redis' | 'logger' | 'clock'>,
  input: LogInInput,
  ip: string,
): Promise<IssuedToken & { user: Profile }> {
  return behindLoginThrottle(deps, input.email, ip, deps.clock().getTime(), () => logIn(deps, input));
}
