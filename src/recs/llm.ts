// Optional OpenAI post-processing: the chat model suggests songs like the user's, and only suggestions that resolve
// to a real song in our catalog (through our own Elasticsearch) survive, so no invented title or number reaches a
// user. Bounded per request (one call, token cap, timeout, no retries), per user and globally per day (calls and
// tokens), one call in flight per cache key, cached per user, silent on any failure. Without Redis no budget or
// cache can be checked, so no call is made (fails closed).
import crypto from 'node:crypto';
import OpenAI from 'openai';
import type { estypes } from '@elastic/elasticsearch';
import type { Deps } from '../platform/deps';
import { indexName } from '../platform/elasticsearch';
import { compactText } from '../korean';
import { SONGS_FAMILY } from '../songs/constants';
import type { Brand } from '../core/brands';
import { llmDayTotals, newLlmCounters, recordLlmTokens, reserveLlmCall, type LlmCounters } from './llm-budget';

export const MAX_SEEDS = 10;
export const MAX_SUGGESTIONS = 10;
export const MAX_COMPLETION_TOKENS = 500;
const CACHE_SECONDS = 6 * 3600;

type LlmDeps = Pick<Deps, 'es' | 'pg' | 'redis' | 'config' | 'logger'>;
export interface Suggestion {
  title: string;
  artist: string;
}
export interface ResolvedSong {
  id: number;
  title: string;
  artist: string;
  tj_no: string | null;
  ky_no: string | null;
}
type SongSource = {
  id: number;
  title: string;
  artist: string;
  alt_titles?: string[];
  artist_aliases?: string[];
  tj_no?: string | null;
  ky_no?: string | null;
};

const clients = new WeakMap<object, OpenAI>();
function clientFor(config: Deps['config']): OpenAI | undefined {
  if (!config.openai.apiKey) return undefined;
  let c = clients.get(config);
  if (!c) {
    c = new OpenAI({
      apiKey: config.openai.apiKey,
      baseURL: config.openai.baseURL,
      timeout: config.openai.timeoutMs,
      maxRetries: 0,
    });
    clients.set(config, c);
  }
  return c;
}

// this process's usage counters and in-flight calls, one set per configuration (i.e. per app), like the clients
const usage = new WeakMap<
  object,
  { counters: LlmCounters; inFlight: Map<string, Promise<ResolvedSong[] | undefined>> }
>();
function usageFor(config: Deps['config']) {
  let u = usage.get(config);
  if (!u) {
    u = { counters: newLlmCounters(), inFlight: new Map() };
    usage.set(config, u);
  }
  return u;
}

/** What the operator sees (/readyz with the operator token): this process's counters and today's global totals. */
export async function llmUsage(deps: Pick<Deps, 'redis' | 'config'>): Promise<Record<string, unknown>> {
  // an operator looking at a Redis outage must not wait for Redis: at most a short wait for today's totals
  let timer: NodeJS.Timeout | undefined;
  const today = await Promise.race([
    llmDayTotals(deps),
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), 250);
    }),
  ])
    .catch(() => null)
    .finally(() => clearTimeout(timer));
  return {
    enabled: Boolean(deps.config.openai.apiKey),
    process: { ...usageFor(deps.config).counters },
    today,
    budgets: deps.config.openai.budgets,
  };
}

/** The model's answer as suggestions; anything that is not {"songs":[{"title","artist"}]} gives none. */
export function parseSuggestions(content: string | null | undefined): Suggestion[] {
  if (!content) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ''));
  } catch {
    return [];
  }
  const songs = Array.isArray(parsed) ? parsed : (parsed as { songs?: unknown })?.songs;
  if (!Array.isArray(songs)) return [];
  const out: Suggestion[] = [];
  for (const s of songs) {
    const { title, artist } = (s ?? {}) as Record<string, unknown>;
    if (typeof title !== 'string' || typeof artist !== 'string') continue;
    const t = title.trim(),
      a = artist.trim();
    if (t && a && t.length <= 100 && a.length <= 100) out.push({ title: t, artist: a });
    if (out.length >= MAX_SUGGESTIONS) break;
  }
  return out;
}

export function buildPrompt(seeds: Suggestion[]): OpenAI.Chat.Completions.ChatCompletionMessageParam[] {
  return [
    {
      role: 'system',
      content:
        'You recommend songs to sing at a Korean karaoke (노래방, TJ and KY catalogs). Answer only with JSON: ' +
        `{"songs":[{"title":"...","artist":"..."}]} with up to ${MAX_SUGGESTIONS} real, existing songs the user does not already have. ` +
        'Use the official Korean title and artist name. No numbers, no commentary.',
    },
    { role: 'user', content: `Songs I like to sing:\n${seeds.map((s) => `- ${s.title} / ${s.artist}`).join('\n')}` },
  ];
}

/** Our catalog song for each suggestion, when title and artist both match one (else nothing for it). */
export async function resolveSuggestions(
  deps: Pick<Deps, 'es' | 'config'>,
  suggestions: Suggestion[],
): Promise<ResolvedSong[]> {
  if (!suggestions.length) return [];
  const index = indexName(deps.config, SONGS_FAMILY);
  const searches: estypes.MsearchRequestItem[] = suggestions.flatMap((s) => [
    { index },
    {
      size: 3,
      _source: ['id', 'title', 'artist', 'alt_titles', 'artist_aliases', 'tj_no', 'ky_no'],
      query: {
        bool: {
          must: [
            { multi_match: { query: s.title, fields: ['title', 'alt_titles'], operator: 'and' } },
            { multi_match: { query: s.artist, fields: ['artist', 'artist_aliases'], operator: 'and' } },
          ],
        },
      },
    },
  ]);
  const res = await deps.es.msearch<SongSource>({ searches });
  const out: ResolvedSong[] = [];
  res.responses.forEach((r, i) => {
    if (!('hits' in r)) return;
    const want = suggestions[i];
    // full-text match is loose; the song must also have exactly this title and artist once spaces and case are ignored
    const hit = r.hits.hits
      .map((h) => h._source!)
      .find(
        (s) =>
          [s.title, ...(s.alt_titles ?? [])].some((t) => compactText(t) === compactText(want.title)) &&
          [s.artist, ...(s.artist_aliases ?? [])].some((a) => compactText(a) === compactText(want.artist)),
      );
    if (hit && !out.some((o) => o.id === Number(hit.id))) {
      out.push({
        id: Number(hit.id),
        title: hit.title,
        artist: hit.artist,
        tj_no: hit.tj_no ?? null,
        ky_no: hit.ky_no ?? null,
      });
    }
  });
  return out;
}

/**
 * Catalog songs the chat model suggests for a user with these seed songs, minus `exclude` and songs without the
 * brand's number. Empty when OPENAI_API_KEY is not set, on timeout, error, or an answer we cannot use.
 */
export async function llmSuggestions(
  deps: LlmDeps,
  opts: { userId: number; seeds: number[]; brand?: Brand; exclude: Set<number> },
): Promise<ResolvedSong[]> {
  const client = clientFor(deps.config);
  if (!client || !opts.seeds.length) return [];
  const { counters, inFlight } = usageFor(deps.config);
  const seedIds = opts.seeds.slice(0, MAX_SEEDS);
  const key = `${deps.config.redisPrefix}recs:llm:${opts.userId}:${crypto.createHash('sha1').update(seedIds.join(',')).digest('hex').slice(0, 16)}`;
  // single flight: concurrent requests for one key share one cache read and at most one call
  let flight = inFlight.get(key);
  if (flight) counters.shared_in_flight++;
  else {
    flight = suggestOnce(deps, client, counters, opts.userId, seedIds, key).finally(() => inFlight.delete(key));
    inFlight.set(key, flight);
  }
  const resolved = await flight;
  return (resolved ?? []).filter(
    (s) => !opts.exclude.has(s.id) && (!opts.brand || (opts.brand === 'tj' ? s.tj_no : s.ky_no)),
  );
}

/** Cache, else budget, else one call; undefined whenever something refused or failed (never throws). */
async function suggestOnce(
  deps: LlmDeps,
  client: OpenAI,
  counters: LlmCounters,
  userId: number,
  seedIds: number[],
  key: string,
): Promise<ResolvedSong[] | undefined> {
  let cached: string | null;
  try {
    cached = await deps.redis.get(key);
  } catch (err) {
    counters.refused_redis_down++;
    deps.logger.warn('openai suggestions skipped: Redis is unavailable (no budget or cache check, so no call)', {
      error: (err as Error).message,
    });
    return undefined;
  }
  if (cached) {
    counters.cache_hits++;
    return JSON.parse(cached) as ResolvedSong[];
  }
  try {
    if (!(await reserveLlmCall(deps, deps.config.openai.budgets, userId))) {
      counters.refused_budget++;
      return undefined;
    }
  } catch (err) {
    counters.refused_redis_down++;
    deps.logger.warn('openai suggestions skipped: budget unavailable', { error: (err as Error).message });
    return undefined;
  }
  try {
    const seeds = (
      await deps.pg.query<{ title: string; artist: string }>(
        'SELECT title, artist FROM songs WHERE id = ANY($1::bigint[]) ORDER BY array_position($1::bigint[], id)',
        [seedIds],
      )
    ).rows;
    counters.calls++;
    const completion = await client.chat.completions.create(
      {
        model: deps.config.openai.model,
        messages: buildPrompt(seeds),
        response_format: { type: 'json_object' },
        max_completion_tokens: MAX_COMPLETION_TOKENS,
        temperature: 0.7,
      },
      { timeout: deps.config.openai.timeoutMs, maxRetries: 0 },
    );
    const tokens = completion.usage?.total_tokens ?? 0;
    counters.tokens += tokens;
    await recordLlmTokens(deps, userId, tokens).catch(() => undefined);
    const resolved = await resolveSuggestions(deps, parseSuggestions(completion.choices[0]?.message?.content));
    await deps.redis.set(key, JSON.stringify(resolved), 'EX', CACHE_SECONDS).catch(() => undefined);
    return resolved;
  } catch (err) {
    counters.failed++;
    deps.logger.warn('openai suggestions skipped', { error: (err as Error).message });
    return undefined;
  }
}
