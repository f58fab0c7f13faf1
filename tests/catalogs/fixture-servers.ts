// Local stand-ins for the brands' sites, answering like them: TJ's legacy JSON API, the KY web site (book and
// search pages) and the KY player's XML feed. Each serves a catalog it is given (the synthetic one by default),
// records every request, and fails on demand the ways the real sites do: a maintenance page, resultCode 98/20,
// empty and truncated pages, padded fields, answers held until the test releases them, 429/503, a connection cut
// mid-answer, a robots.txt that disallows.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KY_BOOK_QUERY, KY_BOOK_PAGE_SIZE, KY_BOOK_WIDTH } from '../../src/catalogs/ky-source';
import { type KyFixtureSong, type SyntheticSources, type TjFixtureSong, kyBookPlace, syntheticSources } from '../../tools/synthetic/brand-sources';

export interface FixtureRequest {
  method: string;
  /** the path without the query */
  path: string;
  query: URLSearchParams;
  /** the body read as a form (empty for none) */
  form: URLSearchParams;
  body: string;
  headers: http.IncomingHttpHeaders;
  /** Date.now() when it arrived */
  at: number;
}

export type FixtureFailure =
  /** status 200 with an HTML "서비스 점검" page */
  | { kind: 'maintenance' }
  /** TJ's envelope with this code (98 no data, 20 a parameter missing) */
  | { kind: 'result_code'; code: string }
  /** a page or answer with no rows */
  | { kind: 'empty' }
  /** the first half of the answer only, sent as a complete HTTP answer */
  | { kind: 'truncated' }
  /** every text field padded with spaces */
  | { kind: 'padded' }
  | { kind: 'status'; status: number; retryAfter?: string }
  /** the headers promise the whole body; the socket is destroyed after half of it */
  | { kind: 'cut' }
  /** anything else, as given */
  | { kind: 'raw'; status?: number; contentType?: string; body: string };

export interface FailureOptions {
  /** how many matching requests fail this way (1 unless given) */
  times?: number;
  /** only requests whose path (and query) contain this, or that this function picks; robots.txt only when named */
  match?: string | ((req: FixtureRequest) => boolean);
}

/** An answer held back until the test releases it: for timeouts without sleeping. */
export interface Hold {
  /** resolves when a request reaches the hold */
  arrived: Promise<FixtureRequest>;
  release(): void;
}

interface Rule { failure?: FixtureFailure; hold?: { gate: Promise<void>; arrived: (r: FixtureRequest) => void }; left: number; match?: FailureOptions['match'] }

interface Answer { status: number; contentType: string; body: string; headers?: Record<string, string> }
/** What a site handler is asked to do beyond answering normally. */
interface Mode { empty: boolean; padded: boolean; resultCode?: string }

const MAINTENANCE_PAGE = '<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>서비스 점검 안내</title></head>'
  + '<body><div class="notice"><h1>서비스 점검 중입니다</h1><p>보다 나은 서비스를 위해 시스템 점검을 진행하고 있습니다.</p></div></body></html>';

const pad = (text: string) => `   ${text}\t  `;

/** One local HTTP server with request recording, failure rules and holds; each site says how it answers. */
export abstract class FixtureServer {
  readonly requests: FixtureRequest[] = [];
  /** null answers 404 (no robots.txt published) */
  robotsTxt: string | null;
  /** pad every text field of every answer */
  padded = false;
  private rules: Rule[] = [];
  private releases: Array<() => void> = [];
  private server!: http.Server;
  url = '';

  constructor(robotsTxt: string | null) {
    this.robotsTxt = robotsTxt;
  }

  /** The site's normal answer to a request, as the mode asks (empty, padded, a result code). */
  protected abstract answer(req: FixtureRequest, mode: Mode): Answer;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => { void this.serve(req, res); });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next matching request(s) fail this way. Rules apply in the order added. */
  fail(failure: FixtureFailure, options: FailureOptions = {}): this {
    this.rules.push({ failure, left: options.times ?? 1, match: options.match });
    return this;
  }

  /** The next matching request waits until release() (then answers normally, or by a later rule). */
  hold(options: FailureOptions = {}): Hold {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let arrived!: (r: FixtureRequest) => void;
    const arrivedPromise = new Promise<FixtureRequest>((resolve) => { arrived = resolve; });
    this.rules.push({ hold: { gate, arrived }, left: options.times ?? 1, match: options.match });
    this.releases.push(release);
    return { arrived: arrivedPromise, release };
  }

  /** Drops failure rules and recorded requests. */
  reset(): void {
    this.rules = [];
    this.requests.length = 0;
    this.padded = false;
    for (const release of this.releases.splice(0)) release();
  }

  /** Requests other than robots.txt. */
  get pageRequests(): FixtureRequest[] {
    return this.requests.filter((r) => r.path !== '/robots.txt');
  }

  async close(): Promise<void> {
    for (const release of this.releases.splice(0)) release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private takeRule(req: FixtureRequest): Rule | undefined {
    const rule = this.rules.find((r) => r.left > 0 && matches(r.match, req));
    if (rule) rule.left--;
    return rule;
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fixture');
    const record: FixtureRequest = {
      method: req.method ?? 'GET', path: url.pathname, query: url.searchParams,
      form: new URLSearchParams(/x-www-form-urlencoded/.test(req.headers['content-type'] ?? '') ? body : ''), body, headers: req.headers, at: Date.now(),
    };
    this.requests.push(record);
    const mode: Mode = { empty: false, padded: this.padded };
    let truncate = false;
    let cut = false;
    for (let rule = this.takeRule(record); rule; rule = this.takeRule(record)) {
      if (rule.hold) {
        rule.hold.arrived(record);
        await rule.hold.gate;
        if (res.destroyed || res.socket?.destroyed !== false) return;
        continue;
      }
      const f = rule.failure!;
      if (f.kind === 'maintenance') return send(res, { status: 200, contentType: 'text/html; charset=utf-8', body: MAINTENANCE_PAGE });
      if (f.kind === 'status') {
        return send(res, { status: f.status, contentType: 'text/html; charset=utf-8', body: `<html><body>${f.status}</body></html>`, headers: f.retryAfter ? { 'retry-after': f.retryAfter } : {} });
      }
      if (f.kind === 'raw') return send(res, { status: f.status ?? 200, contentType: f.contentType ?? 'text/plain; charset=utf-8', body: f.body });
      if (f.kind === 'result_code') mode.resultCode = f.code;
      if (f.kind === 'empty') mode.empty = true;
      if (f.kind === 'padded') mode.padded = true;
      if (f.kind === 'truncated') truncate = true;
      if (f.kind === 'cut') cut = true;
      break;
    }
    const answer = record.path === '/robots.txt'
      ? (this.robotsTxt === null ? { status: 404, contentType: 'text/html; charset=utf-8', body: '<html><body>Not Found</body></html>' } : { status: 200, contentType: 'text/plain; charset=utf-8', body: this.robotsTxt })
      : this.answer(record, mode);
    if (truncate) {
      const bytes = Buffer.from(answer.body, 'utf8');
      return send(res, { ...answer, body: bytes.subarray(0, Math.floor(bytes.length / 2)).toString('utf8') });
    }
    if (cut) {
      const bytes = Buffer.from(answer.body, 'utf8');
      res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(bytes.length) });
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.destroy());
      return;
    }
    send(res, answer);
  }
}

function matches(match: FailureOptions['match'], req: FixtureRequest): boolean {
  if (typeof match === 'function') return match(req);
  const target = `${req.path}?${req.query}`;
  if (typeof match === 'string') return target.includes(match);
  return req.path !== '/robots.txt';
}

function send(res: http.ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  const bytes = Buffer.from(answer.body, 'utf8');
  res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': String(bytes.length), ...answer.headers });
  res.end(bytes);
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cutTo = (text: string, width: number) => [...text].slice(0, width).join('');

// ---------------------------------------------------------------- TJ

export interface TjChartItem { rank: number; pro: string; indexTitle: string; indexSong: string }

export interface TjFixtureOptions {
  songs?: TjFixtureSong[];
  /** robots.txt body; null answers 404 (TJ publishes none by default here) */
  robotsTxt?: string | null;
  /** a chart of the fixture's own choosing; by default 100 songs picked by a hash of the request */
  chart?: (form: URLSearchParams) => TjChartItem[];
}

export class TjFixture extends FixtureServer {
  songs: TjFixtureSong[];
  chart: TjFixtureOptions['chart'];

  constructor(options: TjFixtureOptions) {
    super(options.robotsTxt === undefined ? null : options.robotsTxt);
    this.songs = options.songs ?? defaultSources().tj;
    this.chart = options.chart;
  }

  protected answer(req: FixtureRequest, mode: Mode): Answer {
    const chart = this.chart;
    const m = /^\/legacy\/api\/(\w+)$/.exec(req.path);
    if (!m) return { status: 404, contentType: 'text/html; charset=utf-8', body: '<html><body>404 Not Found</body></html>' };
    if (req.method !== 'POST') return { status: 405, contentType: 'text/html; charset=utf-8', body: '<html><body>405 Method Not Allowed</body></html>' };
    const envelope = (resultCode: string, items: unknown[] | null, resultMsg = resultCode === '99' ? '성공' : resultCode === '98' ? '데이터가 없습니다.' : '필수 파라미터가 누락되었습니다.') => ({
      status: 200, contentType: 'application/json; charset=utf-8',
      body: JSON.stringify({ resultCode, resultMsg, resultData: items === null ? null : { itemsTotalCount: items.length, items } }),
    });
    if (mode.resultCode) return envelope(mode.resultCode, mode.resultCode === '99' ? [] : null);
    const f = req.form;
    const text = (v: string | undefined) => (v === undefined ? undefined : mode.padded ? pad(v) : v);
    // TJ numbers arrive as JSON numbers; a broken one stays as it was written
    const number = (pro: string | undefined) => (pro !== undefined && /^\d+$/.test(pro) ? Number(pro) : pro);
    const listItem = (s: TjFixtureSong) => ({
      pro: number(s.pro), indexTitle: text(s.indexTitle), indexSong: text(s.indexSong), word: text(s.word), com: text(s.com),
      icongubun: s.icongubun, mv_yn: s.mv_yn, publishdate: s.publishdate,
    });
    const answerItems = (items: unknown[]) => (mode.empty ? envelope('99', []) : items.length ? envelope('99', items) : envelope('98', null));
    switch (m[1]) {
      case 'newSongOfMonth': {
        const ym = f.get('searchYm') ?? '';
        if (!/^\d{6}$/.test(ym)) return envelope('20', null);
        const from = `${ym.slice(0, 4)}-${ym.slice(4)}`;
        const whole = ym === '200001';
        return answerItems(this.songs.filter((s) => whole || (s.publishdate ?? '') >= from).map(listItem));
      }
      case 'searchSong': {
        const query = (f.get('searchTxt') ?? '').trim().toLowerCase();
        if (!query) return envelope('20', null);
        const byArtist = f.get('strType') === '2';
        const nation = f.get('nationType') ?? '';
        const found = this.songs.filter((s) => (!nation || s.nationalcode === nation)
          && [byArtist ? s.indexSong : s.indexTitle, byArtist ? s.sortSongKo : s.sortTitleKo, byArtist ? undefined : s.subTitle].some((v) => v?.toLowerCase().includes(query)));
        return answerItems(found.slice(0, 40).map((s) => ({
          ...listItem(s), nationalcode: s.nationalcode, subTitle: text(s.subTitle), sortTitleKo: text(s.sortTitleKo), sortSongKo: text(s.sortSongKo),
        })));
      }
      case 'topAndHot100': {
        const [type, start, end] = [f.get('chartType'), f.get('searchStartDate'), f.get('searchEndDate')];
        if (!type || !start || !end) return envelope('20', null);
        const genre = Number(f.get('strType') ?? '0');
        if (chart) return answerItems(chart(f));
        const inGenre = (s: TjFixtureSong) => genre === 0 || (genre === 1 ? s.nationalcode === 'KOR' : genre === 2 ? s.nationalcode === 'ENG' : genre === 3 ? s.nationalcode === 'JPN' : s.genre === genre);
        const seed = `${type}|${start}|${end}|${genre}`;
        const top = this.songs.filter((s) => s.pro && /^\d+$/.test(s.pro) && inGenre(s))
          .map((s) => ({ s, h: hash(seed + s.pro) })).sort((a, b) => a.h - b.h).slice(0, 100);
        return answerItems(top.map(({ s }, k) => ({ rank: k + 1, pro: number(s.pro), indexTitle: text(s.indexTitle), indexSong: text(s.indexSong) })));
      }
      default:
        return { status: 404, contentType: 'text/html; charset=utf-8', body: '<html><body>404 Not Found</body></html>' };
    }
  }
}

/** FNV-1a: a stable order for the fixture's charts. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 0x01000193) >>> 0;
  return h;
}

// ---------------------------------------------------------------- KY web (kysing.kr)

export interface KyWebFixtureOptions {
  songs?: KyFixtureSong[];
  /** robots.txt body; null answers 404 */
  robotsTxt?: string | null;
  /** the book page shows "총 N곡" for its letter (true unless given) */
  showTotal?: boolean;
}

export class KyWebFixture extends FixtureServer {
  private byLetter = new Map<string, KyFixtureSong[]>();
  private byNo = new Map<string, KyFixtureSong>();
  private current: KyFixtureSong[] = [];
  showTotal: boolean;

  constructor(options: KyWebFixtureOptions) {
    super(options.robotsTxt === undefined ? 'User-agent: *\nDisallow: /admin/\n' : options.robotsTxt);
    this.showTotal = options.showTotal ?? true;
    this.songs = options.songs ?? defaultSources().ky;
  }

  get songs(): KyFixtureSong[] { return this.current; }
  /** A new catalog (a later sync sees it): the book and the search pages follow. */
  set songs(songs: KyFixtureSong[]) {
    this.current = songs;
    this.byLetter = new Map();
    this.byNo = new Map();
    for (const s of songs) {
      const key = `${s.city}|${s.letter}`;
      if (!this.byLetter.has(key)) this.byLetter.set(key, []);
      this.byLetter.get(key)!.push(s);
      if (!this.byNo.has(s.no)) this.byNo.set(s.no, s);
    }
  }

  protected answer(req: FixtureRequest, mode: Mode): Answer {
    const html = (body: string) => ({ status: 200, contentType: 'text/html; charset=utf-8', body: page(body) });
    const cell = (cls: string, text: string) => `<span class="${cls}">${escapeHtml(mode.padded ? pad(text) : text)}</span>`;
    if (req.path === '/karaoke-book/' || req.path === '/karaoke-book') {
      const q = req.query;
      const list = q.get(KY_BOOK_QUERY.index) === KY_BOOK_QUERY.titleIndex ? this.byLetter.get(`${q.get(KY_BOOK_QUERY.city)}|${q.get(KY_BOOK_QUERY.letter)}`) ?? [] : [];
      const pageNo = Math.max(1, Number(q.get(KY_BOOK_QUERY.page) ?? '1') || 1);
      const rows = mode.empty ? [] : list.slice((pageNo - 1) * KY_BOOK_PAGE_SIZE, pageNo * KY_BOOK_PAGE_SIZE);
      const items = rows.map((s) => `<li>${cell('index_search_num', s.no)}${cell('index_search_tit', cutTo(s.title, KY_BOOK_WIDTH.title))}${cell('index_search_sng', cutTo(s.singer, KY_BOOK_WIDTH.singer))}</li>`);
      const total = this.showTotal ? `<p class="index_search_total">총 <strong>${mode.empty ? 0 : list.length}</strong>곡</p>` : '';
      const none = rows.length ? '' : '<li class="index_search_none">검색 결과가 없습니다.</li>';
      return html(`<div class="index_search_wrap">${total}<ul class="index_search_list">`
        + '<li class="index_search_head"><span class="index_search_num">번호</span><span class="index_search_tit">곡명</span><span class="index_search_sng">가수</span></li>'
        + `${items.join('\n')}${none}</ul><div class="paging"><a class="on">${pageNo}</a></div></div>`);
    }
    if (req.path === '/search/' || req.path === '/search') {
      const keyword = (req.query.get('keyword') ?? '').trim();
      const song = req.query.get('category') === '1' && !mode.empty ? this.byNo.get(keyword) : undefined;
      const row = song
        ? `<li class="search_result_item">${cell('search_num', song.no)}${cell('search_tit', song.title)}${cell('search_sng', song.singer)}`
          + `${cell('search_com', song.composer)}${cell('search_lyr', song.lyricist)}${cell('search_date', song.release.replace('-', '.'))}</li>`
        : '<li class="search_result_none">검색 결과가 없습니다.</li>';
      return html(`<div class="search_result_wrap"><h2>곡번호 검색 결과</h2><ul class="search_result_list">${row}</ul></div>`);
    }
    return { status: 404, contentType: 'text/html; charset=utf-8', body: page('<p>페이지를 찾을 수 없습니다.</p>') };
  }
}

function page(content: string): string {
  return '<!DOCTYPE html>\n<html lang="ko">\n<head><meta charset="utf-8"><title>금영노래방</title></head>\n<body>\n<div id="wrap">\n'
    + `${content}\n</div>\n<footer id="footer"><p>KY금영노래방</p></footer>\n</body>\n</html>\n`;
}

// ---------------------------------------------------------------- KY player (my.kysing.kr)

export interface KyPlayerFixtureOptions {
  songs?: KyFixtureSong[];
  /** how many of the highest numbers the feed answers (100, as the real one) */
  latest?: number;
  robotsTxt?: string | null;
}

export class KyPlayerFixture extends FixtureServer {
  songs: KyFixtureSong[];
  latest: number;

  constructor(options: KyPlayerFixtureOptions) {
    super(options.robotsTxt === undefined ? null : options.robotsTxt);
    this.songs = options.songs ?? defaultSources().ky;
    this.latest = options.latest ?? 100;
  }

  protected answer(req: FixtureRequest, mode: Mode): Answer {
    if (req.path !== '/player/xml/new_ky.asp') return { status: 404, contentType: 'text/html; charset=utf-8', body: '<html><body>404</body></html>' };
    if (req.method !== 'POST') return { status: 405, contentType: 'text/html; charset=utf-8', body: '<html><body>405</body></html>' };
    const attr = (text: string) => escapeHtml(mode.padded ? pad(text) : text);
    const newest = mode.empty ? [] : [...this.songs].filter((s) => /^\d+$/.test(s.no)).sort((a, b) => Number(b.no) - Number(a.no)).slice(0, this.latest);
    // the feed pads its credits to a fixed width and names the role after them
    const credit = (name: string, role: string) => `${' '.repeat(Math.max(1, 16 - name.length))}${name} ${role}`;
    const items = newest.map((s) => `  <Item SongId="${attr(s.no)}" Title="${attr(s.title)}" Singer="${attr(s.singer)}" Author="${attr(credit(s.composer, '작곡'))}" `
      + `LyricsAuthor="${attr(credit(s.lyricist, '작사'))}" WebKaraYn="${Number(s.no) % 3 === 0 ? 'Y' : 'N'}"/>`);
    return { status: 200, contentType: 'text/xml; charset=utf-8', body: `<?xml version="1.0" encoding="utf-8"?>\n<Items>\n${items.join('\n')}\n</Items>\n` };
  }
}

// ---------------------------------------------------------------- all three

let defaults: SyntheticSources | undefined;
/** The default catalog: a small synthetic one (600 TJ, 550 KY) in the real sources' shapes. */
function defaultSources(): SyntheticSources {
  defaults ??= syntheticSources({ tjSongs: 600, kySongs: 550 });
  return defaults;
}

export async function startTjFixture(options: TjFixtureOptions = {}): Promise<TjFixture> {
  return new TjFixture(options).start();
}

export async function startKyWebFixture(options: KyWebFixtureOptions = {}): Promise<KyWebFixture> {
  return new KyWebFixture(options).start();
}

export async function startKyPlayerFixture(options: KyPlayerFixtureOptions = {}): Promise<KyPlayerFixture> {
  return new KyPlayerFixture(options).start();
}

export interface CatalogFixtures {
  sources: SyntheticSources;
  tj: TjFixture;
  kyWeb: KyWebFixture;
  kyPlayer: KyPlayerFixture;
  /** CATALOG_* variables pointing at these servers */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** All three sites serving one synthetic catalog (the default small one unless given). */
export async function startCatalogFixtures(sources: SyntheticSources = defaultSources()): Promise<CatalogFixtures> {
  const [tj, kyWeb, kyPlayer] = await Promise.all([
    startTjFixture({ songs: sources.tj }), startKyWebFixture({ songs: sources.ky }), startKyPlayerFixture({ songs: sources.ky }),
  ]);
  return {
    sources, tj, kyWeb, kyPlayer,
    env: { CATALOG_TJ_URL: tj.url, CATALOG_KY_URL: kyWeb.url, CATALOG_KY_PLAYER_URL: kyPlayer.url },
    close: async () => { await Promise.all([tj.close(), kyWeb.close(), kyPlayer.close()]); },
  };
}

/** A KY fixture song placed in the book as the real one would be (for tests writing their own rows). */
export function kySong(no: string, title: string, singer: string, extra: Partial<KyFixtureSong> = {}): KyFixtureSong {
  return { no, title, singer, composer: '김형석', lyricist: '박진영', release: '2024-05', ...kyBookPlace(title, extra.city === 'jp' ? 'jpn' : extra.city === 'en' ? 'eng' : 'kor'), ...extra };
}

/** A TJ fixture song with the usual fields (for tests writing their own rows). */
export function tjSong(pro: string, indexTitle: string, indexSong: string, extra: Partial<TjFixtureSong> = {}): TjFixtureSong {
  return { pro, indexTitle, indexSong, word: '박진영', com: '김형석', icongubun: '', mv_yn: 'N', publishdate: '2024-05-17', nationalcode: 'KOR', ...extra };
}
