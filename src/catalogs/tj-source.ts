// TJ's public catalog API (www.tjmedia.com/legacy/api/<name>): form-urlencoded POSTs answered by a JSON envelope
// { resultCode, resultMsg, resultData }. Every answer and every item is validated; an HTML page is maintenance.
import { z } from 'zod';
import type { PoliteFetch } from './polite-fetch';
import {
  type CatalogSource,
  type ChartPlace,
  type ChartRequest,
  type RejectedRow,
  type SourcePage,
  type SourceSong,
  SourceError,
} from './source';
import { cleanOptional, cleanText, shortRaw, songOrRejected, toDay, toNation } from './source-text';

/** TJ result codes. */
export const TJ_RESULT = { ok: '99', noData: '98', missingParameter: '20' } as const;

/** newSongOfMonth from this month on is the whole catalog. */
export const TJ_WHOLE_CATALOG_YM = '200001';

/** topAndHot100 strType: the chart genres, by code. */
export const TJ_CHART_GENRES = [
  '전체',
  '가요',
  'POP',
  'JPOP',
  '발라드',
  '댄스',
  '트로트',
  '포크',
  'OST',
  '락/메탈',
  '랩/힙합',
  'R&B',
] as const;

/** searchSong strType / nationType. */
export type TjSearchField = 1 | 2;
export type TjNationType = '' | 'KOR' | 'ENG' | 'JPN';

// TJ sends numbers sometimes as JSON numbers, sometimes as strings
const text = z.union([z.string(), z.number()]).nullish();

const envelope = z.object({
  resultCode: z.union([z.string(), z.number()]).transform(String),
  resultMsg: z.string().nullish(),
  resultData: z.unknown(),
});
const itemsData = z.object({ items: z.array(z.unknown()) });

const listItem = z.object({
  pro: text,
  indexTitle: text,
  indexSong: text,
  word: text,
  com: text,
  icongubun: text,
  mv_yn: text,
  publishdate: text,
});
const searchItem = listItem.extend({ nationalcode: text, subTitle: text, sortTitleKo: text, sortSongKo: text });
const chartItem = z.object({ rank: z.union([z.string(), z.number()]), pro: text, indexTitle: text, indexSong: text });

type Envelope = z.infer<typeof envelope>;

/** The parsed envelope of a TJ answer: an HTML page is maintenance, anything but the envelope a wrong shape. */
export function parseTjEnvelope(body: string, api: string): Envelope {
  const start = body.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<'))
    throw new SourceError('maintenance', `TJ ${api} answered an HTML page instead of JSON (maintenance?)`, {
      api,
      head: start.slice(0, 200),
    });
  let json: unknown;
  try {
    json = JSON.parse(start);
  } catch (err) {
    throw new SourceError('bad_shape', `TJ ${api} answered text that is not JSON (${(err as Error).message})`, {
      api,
      head: start.slice(0, 200),
    });
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success)
    throw new SourceError('bad_shape', `TJ ${api} answered JSON without the { resultCode, resultData } envelope`, {
      api,
      issues: parsed.error.issues.slice(0, 3),
    });
  return parsed.data;
}

/** The items of a success envelope; null for "98" (no data); a missing parameter or another code is an error. */
export function tjItems(env: Envelope, api: string): unknown[] | null {
  if (env.resultCode === TJ_RESULT.noData) return null;
  if (env.resultCode === TJ_RESULT.missingParameter)
    throw new SourceError(
      'missing_parameter',
      `TJ ${api}: a required parameter is missing (${env.resultMsg ?? 'resultCode 20'})`,
      { api },
    );
  if (env.resultCode !== TJ_RESULT.ok)
    throw new SourceError('bad_shape', `TJ ${api} answered resultCode ${env.resultCode} (${env.resultMsg ?? ''})`, {
      api,
      resultCode: env.resultCode,
    });
  const data = itemsData.safeParse(env.resultData);
  if (!data.success) throw new SourceError('bad_shape', `TJ ${api}: resultData has no items list`, { api });
  return data.data.items;
}

/** TJ icongubun and mv_yn as marks: "MR", "LV" (live), "60", "MEDLEY"; "MV" when a music video plays. */
export function tjMarks(icongubun: unknown, mvYn: unknown): string[] {
  const marks = cleanText(icongubun)
    .toUpperCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  if (cleanText(mvYn).toUpperCase() === 'Y') marks.push('MV');
  return marks;
}

/** newSongOfMonth / searchSong items as songs and rejected rows, each item on its own. */
export function tjSongs(items: unknown[]): { songs: SourceSong[]; rejected: RejectedRow[] } {
  const songs: SourceSong[] = [];
  const rejected: RejectedRow[] = [];
  for (const raw of items) {
    const item = searchItem.safeParse(raw);
    if (!item.success) {
      rejected.push({
        reason: `not a song item (${item.error.issues[0].path.join('.') || 'item'}: ${item.error.issues[0].message})`,
        raw: shortRaw(raw),
      });
      continue;
    }
    const i = item.data;
    const r = songOrRejected(
      'tj',
      { no: i.pro, title: i.indexTitle, singer: i.indexSong, composer: i.com, lyricist: i.word },
      raw,
      () => ({
        release: toDay(i.publishdate),
        marks: tjMarks(i.icongubun, i.mv_yn),
        nation: toNation(i.nationalcode),
        subTitle: cleanOptional(i.subTitle),
        titleReading: cleanOptional(i.sortTitleKo),
        singerReading: cleanOptional(i.sortSongKo),
      }),
    );
    if ('song' in r) songs.push(r.song);
    else rejected.push(r.rejected);
  }
  return { songs, rejected };
}

/** A saved or fetched newSongOfMonth answer as one page (TJ answers the whole range at once). */
export function parseNewSongOfMonth(body: string, label: string, allowNoData: boolean): SourcePage {
  const items = tjItems(parseTjEnvelope(body, 'newSongOfMonth'), 'newSongOfMonth');
  if (items === null && !allowNoData)
    throw new SourceError('no_data', `TJ newSongOfMonth answered "no data" for ${label}`, {});
  return { ...tjSongs(items ?? []), next: null, label };
}

/** A chart request checked against what TJ accepts: TOP or HOT, real days, at most two years, genre 0..11. */
export function checkChartRequest(req: ChartRequest): void {
  if (req.chart !== 'TOP' && req.chart !== 'HOT') throw new RangeError(`chart must be TOP or HOT (got "${req.chart}")`);
  const from = toDay(req.from);
  const to = toDay(req.to);
  if (!from || from !== req.from || !to || to !== req.to)
    throw new RangeError(`chart dates must be YYYY-MM-DD (got ${req.from} .. ${req.to})`);
  if (from > to) throw new RangeError(`chart from ${from} is after to ${to}`);
  const limit = new Date(`${from}T00:00:00Z`);
  limit.setUTCFullYear(limit.getUTCFullYear() + 2);
  if (new Date(`${to}T00:00:00Z`) > limit)
    throw new RangeError(`a TJ chart covers at most two years (got ${from} .. ${to})`);
  if (!Number.isInteger(req.genre) || req.genre < 0 || req.genre >= TJ_CHART_GENRES.length)
    throw new RangeError(`chart genre must be 0..${TJ_CHART_GENRES.length - 1} (got ${req.genre})`);
}

/** topAndHot100 items as chart places; items without a rank or a song are rejected. */
export function tjChartPlaces(items: unknown[]): { places: ChartPlace[]; rejected: RejectedRow[] } {
  const places: ChartPlace[] = [];
  const rejected: RejectedRow[] = [];
  for (const raw of items) {
    const item = chartItem.safeParse(raw);
    const rank = item.success ? Number(cleanText(item.data.rank)) : NaN;
    if (!item.success || !Number.isInteger(rank) || rank < 1) {
      rejected.push({ reason: 'chart item without a rank', raw: shortRaw(raw) });
      continue;
    }
    const r = songOrRejected(
      'tj',
      { no: item.data.pro, title: item.data.indexTitle, singer: item.data.indexSong },
      raw,
    );
    if ('rejected' in r) {
      rejected.push(r.rejected);
      continue;
    }
    places.push({ rank, no: r.song.no, title: r.song.title, singer: r.song.singer });
  }
  return { places: places.sort((a, b) => a.rank - b.rank), rejected };
}

export interface TjSourceOptions {
  /** CATALOG_TJ_URL: https://www.tjmedia.com */
  baseUrl: string;
  fetcher: PoliteFetch;
  /** told of chart and search items that could not be read (listing pages carry theirs in `rejected`) */
  onRejected?: (row: RejectedRow, api: string) => void;
}

/**
 * TJ behind CatalogSource. The whole catalog is one answer (newSongOfMonth from 2000-01), so listAll yields one page
 * and a resume starts it over. TJ has no lookup by number and never cuts a title, so details() answers null without
 * a request: the listing already is the full record (enrich with searchSong by title instead).
 */
export class TjSource implements CatalogSource {
  readonly brand = 'tj' as const;

  constructor(private readonly options: TjSourceOptions) {}

  private async call(api: string, form: Record<string, string>): Promise<Envelope> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}/legacy/api/${api}`;
    const res = await this.options.fetcher.request(url, {
      method: 'POST',
      form,
      headers: { accept: 'application/json, text/plain, */*' },
    });
    return parseTjEnvelope(res.text(), api);
  }

  async *listAll(_resumeFrom?: string | null): AsyncIterable<SourcePage> {
    const env = await this.call('newSongOfMonth', { searchYm: TJ_WHOLE_CATALOG_YM });
    const items = tjItems(env, 'newSongOfMonth');
    if (items === null || items.length === 0)
      throw new SourceError('no_data', 'TJ newSongOfMonth answered no songs for the whole catalog', {});
    yield { ...tjSongs(items), next: null, label: 'whole catalog' };
  }

  /** newSongOfMonth for the day's month (TJ answers from that month on), kept to songs published on or after it. */
  async newSince(day: string): Promise<SourcePage> {
    const from = toDay(day);
    if (!from || from !== day) throw new RangeError(`newSince wants a day as YYYY-MM-DD (got "${day}")`);
    const items =
      tjItems(await this.call('newSongOfMonth', { searchYm: from.slice(0, 7).replace('-', '') }), 'newSongOfMonth') ??
      [];
    const page = tjSongs(items);
    // a song without a readable day is kept: TJ put it in the answer for this month on
    return {
      ...page,
      songs: page.songs.filter((s) => s.release === null || s.release >= from),
      next: null,
      label: `new since ${from}`,
    };
  }

  async details(_no: string): Promise<SourceSong | null> {
    return null;
  }

  async charts(req: ChartRequest): Promise<ChartPlace[]> {
    checkChartRequest(req);
    const env = await this.call('topAndHot100', {
      chartType: req.chart,
      searchStartDate: req.from,
      searchEndDate: req.to,
      strType: String(req.genre),
    });
    const items = tjItems(env, 'topAndHot100');
    if (items === null)
      throw new SourceError(
        'no_data',
        `TJ has no ${req.chart} chart for genre ${req.genre} from ${req.from} to ${req.to}`,
        { ...req },
      );
    const { places, rejected } = tjChartPlaces(items);
    for (const row of rejected) this.options.onRejected?.(row, 'topAndHot100');
    return places;
  }

  /**
   * searchSong (at most ~40 results): the rows carry the nation, the sub title and the Hangul readings of Japanese
   * titles and artists. For enriching known songs, never for listing. "No data" is an empty list.
   */
  async searchSong(searchText: string, field: TjSearchField = 1, nation: TjNationType = ''): Promise<SourceSong[]> {
    const query = cleanText(searchText);
    if (!query) throw new RangeError('searchSong needs a search text');
    const items =
      tjItems(
        await this.call('searchSong', { searchTxt: query, strType: String(field), nationType: nation }),
        'searchSong',
      ) ?? [];
    const { songs, rejected } = tjSongs(items);
    for (const row of rejected) this.options.onRejected?.(row, 'searchSong');
    return songs;
  }
}
