// Optional OpenAI post-processing: the chat model suggests songs like the user's, and only suggestions that resolve
// to a real song in our catalog (through our own Elasticsearch) survive, so no invented title or number reaches a
// user. Bounded per request (one call, token cap, timeout, no retries), cached per user, silent on any failure.
import crypto from 'node:crypto';
import OpenAI from 'openai';
import type { estypes } from '@elastic/elasticsearch';
import type { Deps } from '../platform/deps';
import { indexName } from '../platform/elasticsearch';
import { compactText } from '../korean';
import { SONGS_FAMILY, type Brand } from '../songs/constants';

export const MAX_SEEDS = 10;
export const MAX_SUGGESTIONS = 10;
export const MAX_COMPLETION_TOKENS = 500;
const CACHE_SECONDS = 6 * 3600;

type LlmDeps = Pick<Deps, 'es' | 'pg' | 'redis' | 'config' | 'logger'>;
export interface Suggestion { title: string; artist: string }
export interface ResolvedSong { id: number; title: string; artist: string; tj_no: string | null; ky_no: string | null }
type SongSource = { id: number; title: string; artist: string; alt_titles?: string[]; artist_aliases?: string[]; tj_no?: string | null; ky_no?: string | null };

const clients = new WeakMap<object, OpenAI>();
function clientFor(config: Deps['config']): OpenAI | undefined {
  if (!config.openai.apiKey) return undefined;
  let c = clients.get(config);
  if (!c) {
    c = new OpenAI({ apiKey: config.openai.apiKey, baseURL: config.openai.baseURL, timeout: config.openai.timeoutMs, maxRetries: 0 });
    clients.set(config, c);
  }
  return c;
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
    const t = title.trim(), a = artist.trim();
    if (t && a && t.length <= 100 && a.length <= 100) out.push({ title: t, artist: a });
    if (out.length >= MAX_SUGGESTIONS) break;
  }
  return out;
}

export function buildPrompt(seeds: Suggestion[]): OpenAI.Chat.Completions.ChatCompletionMessageParam[] {
  return [
    {
      role: 'system',
      content: 'You recommend songs to sing at a Korean karaoke (노래방, TJ and KY catalogs). Answer only with JSON: '
        + `{"songs":[{"title":"...","artist":"..."}]} with up to ${MAX_SUGGESTIONS} real, existing songs the user does not already have. `
        + 'Use the official Korean title and artist name. No numbers, no commentary.',
    },
    { role: 'user', content: `Songs I like to sing:\n${seeds.map((s) => `- ${s.title} / ${s.artist}`).join('\n')}` },
  ];
}


/** Our catalog song for each suggestion, when title and artist both match one (else nothing for it). */
export async function resolveSuggestions(deps: Pick<Deps, 'es' | 'config'>, suggestions: Suggestion[]): Promise<ResolvedSong[]> {
  if (!suggestions.length) return [];
  const index = indexName(deps.config, SONGS_FAMILY);
  const searches: estypes.MsearchRequestItem[] = suggestions.flatMap((s) => [
    { index },
    {
      size: 3,
      _source: ['id', 'title', 'artist', 'alt_titles', 'artist_aliases', 'tj_no', 'ky_no'],
      query: { bool: { must: [
        { multi_match: { query: s.title, fields: ['title', 'alt_titles'], operator: 'and' } },
        { multi_match: { query: s.artist, fields: ['artist', 'artist_aliases'], operator: 'and' } },
      ] } },
    },
  ]);
  const res = await deps.es.msearch<SongSource>({ searches });
  const out: ResolvedSong[] = [];
  res.responses.forEach((r, i) => {
    if (!('hits' in r)) return;
    const want = suggestions[i];
    // full-text match is loose; the song must also have exactly this title and artist once spaces and case are ignored
    const hit = r.hits.hits.map((h) => h._source!).find((s) =>
      [s.title, ...(s.alt_titles ?? [])].some((t) => compactText(t) === compactText(want.title))
      && [s.artist, ...(s.artist_aliases ?? [])].some((a) => compactText(a) === compactText(want.artist)));
    if (hit && !out.some((o) => o.id === Number(hit.id))) {
      out.push({ id: Number(hit.id), title: hit.title, artist: hit.artist, tj_no: hit.tj_no ?? null, ky_no: hit.ky_no ?? null });
    }
  });
  return out;
}

/**
 * Catalog songs the chat model suggests for a user with these seed songs, minus `exclude` and songs without the
 * brand's number. Empty when OPENAI_API_KEY is not set, on timeout, error, or an answer we cannot use.
 */
export async function llmSuggestions(deps: LlmDeps, opts: { userId: number; seeds: number[]; brand?: Brand; exclude: Set<number> }): Promise<ResolvedSong[]> {
  const client = clientFor(deps.config);
  if (!client || !opts.seeds.length) return [];
  try {
    const seedIds = opts.seeds.slice(0, MAX_SEEDS);
    const key = `${deps.config.redisPrefix}recs:llm:${opts.userId}:${crypto.createHash('sha1').update(seedIds.join(',')).digest('hex').slice(0, 16)}`;
    let resolved: ResolvedSong[] | undefined;
    const cached = await deps.redis.get(key).catch(() => null);
    if (cached) resolved = JSON.parse(cached) as ResolvedSong[];
    else {
      const seeds = (await deps.pg.query<{ title: string; artist: string }>(
        'SELECT title, artist FROM songs WHERE id = ANY($1::bigint[]) ORDER BY array_position($1::bigint[], id)', [seedIds],
      )).rows;
      const completion = await client.chat.completions.create(
        { model: deps.config.openai.model, messages: buildPrompt(seeds), response_format: { type: 'json_object' }, max_completion_tokens: MAX_COMPLETION_TOKENS, temperature: 0.7 },
        { timeout: deps.config.openai.timeoutMs, maxRetries: 0 },
      );
      resolved = await resolveSuggestions(deps, parseSuggestions(completion.choices[0]?.message?.content));
      await deps.redis.set(key, JSON.stringify(resolved), 'EX', CACHE_SECONDS).catch(() => undefined);
    }
    return resolved.filter((s) => !opts.exclude.has(s.id) && (!opts.brand || (opts.brand === 'tj' ? s.tj_no : s.ky_no)));
  } catch (err) {
    deps.logger.warn('openai suggestions skipped', { error: (err as Error).message });
    return [];
  }
}
