// What OpenAI may cost: per-user and global daily budgets of calls and tokens (kept in Redis, UTC days), and the
// counters an operator reads. Without Redis nothing can be checked, so no call is made (fails closed).
import type { Deps } from '../platform/deps';

export interface LlmBudgets {
  userDailyCalls: number;
  userDailyTokens: number;
  dailyCalls: number;
  dailyTokens: number;
}

/** This process's counts since start (the Redis day totals are the cross-process truth). */
export interface LlmCounters {
  calls: number;
  tokens: number;
  cache_hits: number;
  shared_in_flight: number;
  refused_budget: number;
  refused_redis_down: number;
  failed: number;
}

export const newLlmCounters = (): LlmCounters => ({
  calls: 0,
  tokens: 0,
  cache_hits: 0,
  shared_in_flight: 0,
  refused_budget: 0,
  refused_redis_down: 0,
  failed: 0,
});

const DAY_TTL_SECONDS = 2 * 86_400;
const dayOf = (now: Date) => now.toISOString().slice(0, 10).replace(/-/g, '');

// KEYS: user calls, user tokens, global calls, global tokens. ARGV: user call cap, user token cap, global call cap,
// global token cap, ttl. Counts the call only when every budget still has room; returns 1 or 0.
const RESERVE_CALL = `
local uc = tonumber(redis.call('GET', KEYS[1]) or '0')
local ut = tonumber(redis.call('GET', KEYS[2]) or '0')
local gc = tonumber(redis.call('GET', KEYS[3]) or '0')
local gt = tonumber(redis.call('GET', KEYS[4]) or '0')
if uc >= tonumber(ARGV[1]) or ut >= tonumber(ARGV[2]) or gc >= tonumber(ARGV[3]) or gt >= tonumber(ARGV[4]) then return 0 end
redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[5])
redis.call('INCR', KEYS[3]) redis.call('EXPIRE', KEYS[3], ARGV[5])
return 1`;

function budgetKeys(userId: number, now: Date) {
  const day = dayOf(now);
  return {
    userCalls: `llm:calls:${day}:u:${userId}`,
    userTokens: `llm:tokens:${day}:u:${userId}`,
    calls: `llm:calls:${day}`,
    tokens: `llm:tokens:${day}`,
  };
}

/** Counts one call against the budgets if they all have room; false means do not call. Throws when Redis is down. */
export async function reserveLlmCall(
  deps: Pick<Deps, 'redis'>,
  budgets: LlmBudgets,
  userId: number,
  now: Date = new Date(),
): Promise<boolean> {
  const k = budgetKeys(userId, now);
  const ok = await deps.redis.eval(
    RESERVE_CALL,
    4,
    k.userCalls,
    k.userTokens,
    k.calls,
    k.tokens,
    budgets.userDailyCalls,
    budgets.userDailyTokens,
    budgets.dailyCalls,
    budgets.dailyTokens,
    DAY_TTL_SECONDS,
  );
  return ok === 1;
}

export async function recordLlmTokens(
  deps: Pick<Deps, 'redis'>,
  userId: number,
  tokens: number,
  now: Date = new Date(),
): Promise<void> {
  if (!(tokens > 0)) return;
  const k = budgetKeys(userId, now);
  await deps.redis
    .multi()
    .incrby(k.userTokens, tokens)
    .expire(k.userTokens, DAY_TTL_SECONDS)
    .incrby(k.tokens, tokens)
    .expire(k.tokens, DAY_TTL_SECONDS)
    .exec();
}

/** Today's global totals, for the operator view. */
export async function llmDayTotals(
  deps: Pick<Deps, 'redis'>,
  now: Date = new Date(),
): Promise<{ calls: number; tokens: number }> {
  const k = budgetKeys(0, now);
  const [calls, tokens] = await deps.redis.mget(k.calls, k.tokens);
  return { calls: Number(calls ?? 0), tokens: Number(tokens ?? 0) };
}
