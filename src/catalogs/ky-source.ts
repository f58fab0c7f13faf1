// KY (kysing.kr) behind CatalogSource: the karaoke book walked one index letter and page at a time (titles cut
// to a fixed width there), a number's detail page for the full record, and the player's XML feed of new songs.
// The page structure we read is named once here (KY_BOOK_QUERY, KY_SELECTORS) so a site change is one edit.
import * as cheerio from 'cheerio';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { PoliteFetch } from './polite-fetch';
import {
  type CatalogSource,
  type Nation,
  type RejectedRow,
  type SourcePage,
  type SourceSong,
  SourceError,
} from './source';
import { cleanText, shortRaw, songOrRejected, stripCreditSuffix, toDay } from './source-text';

export type KyCity = 'kr' | 'en' | 'jp';

const HANGUL_INITIALS = ['ㄱ', 'ㄴ', 'ㄷ', 'ㄹ', 'ㅁ', 'ㅂ', 'ㅅ', 'ㅇ', 'ㅈ', 'ㅊ', 'ㅋ', 'ㅌ', 'ㅍ', 'ㅎ'];
const LATIN = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'];
/** the letter for titles starting with a digit or a symbol */
export const KY_OTHER_LETTER = '0';

/**
 * The book's index, walked in this order: the Korean book by 초성 then by Latin letter (K-pop titles are often
 * English), the pop book by Latin letter, the Japanese book by the kana row of the reading.
 */
export const KY_BOOK_INDEX: ReadonlyArray<{ city: KyCity; letters: readonly string[] }> = [
  { city: 'kr', letters: [...HANGUL_INITIALS, ...LATIN, KY_OTHER_LETTER] },
  { city: 'en', letters: [...LATIN, KY_OTHER_LETTER] },
  { city: 'jp', letters: ['あ', 'か', 'さ', 'た', 'な', 'は', 'ま', 'や', 'ら', 'わ'] },
];

/** The book's query parameters: city, the title index (s_cd=2; 3 is the artist index), the letter and the page. */
export const KY_BOOK_QUERY = {
  city: 'city',
  index: 's_cd',
  letter: 's_value',
  page: 's_page',
  titleIndex: '2',
} as const;
export const KY_BOOK_PAGE_SIZE = 200;
/** How many characters of a title and an artist the book view shows; a longer one is cut there. */
export const KY_BOOK_WIDTH = { title: 20, singer: 12 } as const;

/** Where everything sits on KY's pages. */
export const KY_SELECTORS = {
  /** present on every book page, empty or not; its absence means the page is not the book */
  bookList: '.index_search_list',
  bookNo: '.index_search_num',
  bookTitle: '.index_search_tit',
  bookSinger: '.index_search_sng',
  /** "총 <strong>1234</strong>곡": the letter's song count, when shown */
  bookTotal: '.index_search_total strong',
  detailList: '.search_result_list',
  detailNo: '.search_num',
  detailTitle: '.search_tit',
  detailSinger: '.search_sng',
  detailComposer: '.search_com',
  detailLyricist: '.search_lyr',
  detailRelease: '.search_date',
} as const;

export const KY_CITY_NATION: Record<KyCity, Nation> = { kr: 'kor', en: 'eng', jp: 'jpn' };

const HEADER_LABELS = /^(곡?\s*번호|no\.?|number)$/i;
const MAINTENANCE_WORDS = /점검|maintenance|서비스\s*준비|일시\s*중단/i;

/** An HTML page must end: a page cut off in transit would otherwise read as a short page. */
function checkWholePage(html: string, what: string): void {
  if (!/<\/html>\s*$/i.test(html))
    throw new SourceError('bad_shape', `KY ${what} ends before </html> (truncated page)`, { tail: html.slice(-200) });
}

/** A page that is not the expected one: maintenance when it says so, a wrong shape otherwise. */
function notThePage($: cheerio.CheerioAPI, what: string): SourceError {
  const words = cleanText($('title').text() + ' ' + $('body').text()).slice(0, 300);
  return MAINTENANCE_WORDS.test(words)
    ? new SourceError('maintenance', `KY ${what} answered a maintenance page`, { text: words })
    : new SourceError(
        'bad_shape',
        `KY ${what} has no ${what.startsWith('book') ? KY_SELECTORS.bookList : KY_SELECTORS.detailList}`,
        { text: words },
      );
}

export interface BookPageRows {
  songs: SourceSong[];
  rejected: RejectedRow[];
  total: number | null;
  rows: number;
  firstNo: string | null;
}

/** One book page's rows (mayBeCut when a field fills the book's width; nation from the book); a page without the list or cut off is an error. */
export function parseBookPage(html: string, city: KyCity, what = 'book page'): BookPageRows {
  checkWholePage(html, what);
  const $ = cheerio.load(html);
  if ($(KY_SELECTORS.bookList).length === 0) throw notThePage($, what);
  const songs: SourceSong[] = [];
  const rejected: RejectedRow[] = [];
  let rows = 0;
  let firstNo: string | null = null;
  $(KY_SELECTORS.bookList)
    .find(KY_SELECTORS.bookNo)
    .each((_, cell) => {
      const row = $(cell).parent();
      const raw = {
        no: $(cell).text(),
        title: row.find(KY_SELECTORS.bookTitle).first().text(),
        singer: row.find(KY_SELECTORS.bookSinger).first().text(),
      };
      if (HEADER_LABELS.test(cleanText(raw.no))) return;
      rows++;
      firstNo ??= cleanText(raw.no);
      // the book cuts at a fixed width: only a title or artist that fills it may be longer on the detail page (a cut
      // ending on a space loses it to the trim, so one short of the width counts too)
      const cut =
        [...cleanText(raw.title)].length >= KY_BOOK_WIDTH.title - 1 ||
        [...cleanText(raw.singer)].length >= KY_BOOK_WIDTH.singer - 1;
      const r = songOrRejected('ky', raw, raw, () => ({ nation: KY_CITY_NATION[city], mayBeCut: cut }));
      if ('song' in r) songs.push(r.song);
      else rejected.push(r.rejected);
    });
  const totalText = cleanText($(KY_SELECTORS.bookTotal).first().text()).replace(/[,\s]/g, '');
  const total = /^\d+$/.test(totalText) ? Number(totalText) : null;
  return { songs, rejected, total, rows, firstNo };
}

/** The song with this number on a detail (search) page, or null when the page lists none with it. */
export function parseDetailPage(html: string, no: string): SourceSong | null {
  checkWholePage(html, 'search page');
  const $ = cheerio.load(html);
  if ($(KY_SELECTORS.detailList).length === 0) throw notThePage($, 'search page');
  let found: SourceSong | null = null;
  let rejected: RejectedRow | null = null;
  $(KY_SELECTORS.detailList)
    .find(KY_SELECTORS.detailNo)
    .each((_, cell) => {
      if (cleanText($(cell).text()) !== no) return;
      const row = $(cell).parent();
      const pick = (selector: string) => row.find(selector).first().text();
      const raw = {
        no: $(cell).text(),
        title: pick(KY_SELECTORS.detailTitle),
        singer: pick(KY_SELECTORS.detailSinger),
        composer: pick(KY_SELECTORS.detailComposer),
        lyricist: pick(KY_SELECTORS.detailLyricist),
      };
      const r = songOrRejected(
        'ky',
        {
          ...raw,
          composer: stripCreditSuffix(raw.composer, '작곡'),
          lyricist: stripCreditSuffix(raw.lyricist, '작사'),
        },
        raw,
        () => ({ release: toDay(pick(KY_SELECTORS.detailRelease)) }),
      );
      if ('song' in r) found = r.song;
      else rejected = r.rejected;
      return false;
    });
  if (rejected)
    throw new SourceError('bad_row', `KY ${no}: the detail row cannot be read (${(rejected as RejectedRow).reason})`, {
      reason: (rejected as RejectedRow).reason,
      row: (rejected as RejectedRow).raw,
    });
  return found;
}

const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === 'Item',
});

/** The player feed (`<Items><Item SongId Title Singer Author LyricsAuthor WebKaraYn/></Items>`) as songs. */
export function parseNewSongsXml(body: string): { songs: SourceSong[]; rejected: RejectedRow[] } {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (/^(<!doctype html|<html)/i.test(text))
    throw new SourceError('maintenance', 'KY new songs feed answered an HTML page instead of XML', {
      head: text.slice(0, 200),
    });
  if (XMLValidator.validate(text) !== true)
    throw new SourceError('bad_shape', 'KY new songs feed is not XML', { head: text.slice(0, 200) });
  const doc = xml.parse(text) as Record<string, unknown>;
  const root = (doc.Items ?? doc.items) as Record<string, unknown> | '' | undefined;
  if (root === undefined)
    throw new SourceError('bad_shape', 'KY new songs feed has no <Items> root', { roots: Object.keys(doc) });
  const items = root === '' ? [] : ((root.Item ?? []) as unknown[]);
  const songs: SourceSong[] = [];
  const rejected: RejectedRow[] = [];
  for (const raw of items) {
    if (!raw || typeof raw !== 'object') {
      rejected.push({ reason: 'not an <Item> element', raw: shortRaw(raw) });
      continue;
    }
    const a = raw as Record<string, unknown>;
    const r = songOrRejected(
      'ky',
      {
        no: a.SongId,
        title: a.Title,
        singer: a.Singer,
        composer: stripCreditSuffix(a.Author, '작곡'),
        lyricist: stripCreditSuffix(a.LyricsAuthor, '작사'),
      },
      raw,
      () => ({ marks: cleanText(a.WebKaraYn).toUpperCase() === 'Y' ? ['WEB'] : [] }),
    );
    if ('song' in r) songs.push(r.song);
    else rejected.push(r.rejected);
  }
  return { songs, rejected };
}

/** Where a walk stands: the last page stored. */
export interface BookCheckpoint {
  city: KyCity;
  letter: string;
  page: number;
}

export function encodeBookCheckpoint(c: BookCheckpoint): string {
  return `${c.city}|${c.letter}|${c.page}`;
}

/** A checkpoint this walk wrote, or null for one it cannot read (the walk then starts over: slower, never wrong). */
export function decodeBookCheckpoint(text: string | null | undefined, index = KY_BOOK_INDEX): BookCheckpoint | null {
  const m = /^(kr|en|jp)\|([^|]+)\|(\d+)$/.exec(text ?? '');
  if (!m) return null;
  const city = m[1] as KyCity;
  if (!index.some((b) => b.city === city && b.letters.includes(m[2]))) return null;
  return { city, letter: m[2], page: Number(m[3]) };
}

export interface KySourceOptions {
  /** CATALOG_KY_URL: https://kysing.kr */
  baseUrl: string;
  /** CATALOG_KY_PLAYER_URL: http://my.kysing.kr */
  playerUrl: string;
  fetcher: PoliteFetch;
  index?: typeof KY_BOOK_INDEX;
  /** a book page is parsed in memory: larger answers are refused (2 MB unless given) */
  maxPageBytes?: number;
  /** a letter with more pages than this is a site ignoring s_page (1000 unless given) */
  maxPagesPerLetter?: number;
}

export class KySource implements CatalogSource {
  readonly brand = 'ky' as const;
  private readonly index: typeof KY_BOOK_INDEX;

  constructor(private readonly options: KySourceOptions) {
    this.index = options.index ?? KY_BOOK_INDEX;
  }

  private get base(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  /** The book page's URL (exported through the class for the fixture tests and operators' logs). */
  bookUrl(city: KyCity, letter: string, page: number): string {
    const q = new URLSearchParams({
      [KY_BOOK_QUERY.city]: city,
      [KY_BOOK_QUERY.index]: KY_BOOK_QUERY.titleIndex,
      [KY_BOOK_QUERY.letter]: letter,
      [KY_BOOK_QUERY.page]: String(page),
    });
    return `${this.base}/karaoke-book/?${q}`;
  }

  private async html(url: string): Promise<string> {
    const res = await this.options.fetcher.request(url, {
      method: 'GET',
      headers: { accept: 'text/html,application/xhtml+xml' },
      maxBytes: this.options.maxPageBytes ?? 2 * 1024 * 1024,
    });
    return res.text();
  }

  /**
   * Every letter of every book, page by page until an empty page. Each yielded page's `next` is its own position;
   * a resume continues after it. The walk ends with an empty page whose `next` is null.
   */
  async *listAll(resumeFrom?: string | null): AsyncIterable<SourcePage> {
    const resume = decodeBookCheckpoint(resumeFrom, this.index);
    let skipping = resume !== null;
    const maxPages = this.options.maxPagesPerLetter ?? 1000;
    for (const { city, letters } of this.index) {
      for (const letter of letters) {
        let page = 1;
        if (skipping) {
          if (resume!.city !== city || resume!.letter !== letter) continue;
          skipping = false;
          page = resume!.page + 1;
        }
        let previousFirst: string | null = null;
        for (; ; page++) {
          if (page > maxPages)
            throw new SourceError(
              'bad_shape',
              `KY book ${city} ${letter} goes past ${maxPages} pages (is s_page ignored?)`,
              { city, letter },
            );
          const what = `book ${city} ${letter} page ${page}`;
          const rows = parseBookPage(await this.html(this.bookUrl(city, letter, page)), city, what);
          if (rows.rows === 0) break;
          if (previousFirst !== null && rows.firstNo === previousFirst)
            throw new SourceError('bad_shape', `KY ${what} repeats the page before it (is s_page ignored?)`, {
              city,
              letter,
              page,
            });
          if (rows.total !== null) {
            const expected = Math.max(0, Math.min(KY_BOOK_PAGE_SIZE, rows.total - (page - 1) * KY_BOOK_PAGE_SIZE));
            if (rows.rows !== expected)
              throw new SourceError(
                'bad_shape',
                `KY ${what} has ${rows.rows} rows where its total of ${rows.total} means ${expected} (truncated page?)`,
                { city, letter, page, rows: rows.rows, expected },
              );
          }
          previousFirst = rows.firstNo;
          yield {
            songs: rows.songs,
            rejected: rows.rejected,
            next: encodeBookCheckpoint({ city, letter, page }),
            label: `${city} ${letter} page ${page}`,
          };
        }
      }
    }
    yield { songs: [], rejected: [], next: null, label: 'book done' };
  }

  /** The player's feed of the latest 100 songs: it ignores the day it is sent, so every song in it is returned. */
  async newSince(day: string): Promise<SourcePage> {
    const from = toDay(day);
    if (!from || from !== day) throw new RangeError(`newSince wants a day as YYYY-MM-DD (got "${day}")`);
    const url = `${this.options.playerUrl.replace(/\/+$/, '')}/player/xml/new_ky.asp`;
    const res = await this.options.fetcher.request(url, {
      method: 'POST',
      form: { s_date: from.replace(/-/g, '') },
      headers: { accept: 'text/xml, application/xml' },
      maxBytes: this.options.maxPageBytes ?? 2 * 1024 * 1024,
    });
    return { ...parseNewSongsXml(res.text()), next: null, label: `KY latest songs (asked from ${from})` };
  }

  /** The full record from the search page by number: title and artist not cut, credits, release month. */
  async details(no: string): Promise<SourceSong | null> {
    const number = cleanText(no);
    if (!/^\d+$/.test(number)) throw new RangeError(`a KY number is digits (got "${no}")`);
    const q = new URLSearchParams({ category: '1', keyword: number });
    return parseDetailPage(await this.html(`${this.base}/search/?${q}`), number);
  }
}
