// Cleaning and checking of the text fields a source answers: padding trimmed, credit suffixes ("작곡"/"작사")
// dropped, and the reasons a row is refused (no number, blank title, control characters, runaway fields).
import type { Brand } from '../core/brands';
import type { Nation, RejectedRow, SourceSong } from './source';

/** Longer fields are refused: no real title, artist or credit comes near it, a broken page can. */
export const MAX_FIELD_LENGTH = 300;
/** Song numbers of both brands are a few digits; a longer run of digits is a broken row. */
export const MAX_NUMBER_LENGTH = 10;

// C0/C1 control characters other than tab, LF and CR (those three are read as white space)
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// invisible characters web pages carry around text: zero-width space/joiners, word joiner, BOM
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
// any run of white space, including no-break and ideographic spaces, becomes one space
const SPACES = /[\s\u00A0\u3000]+/g;

/** A source's text as a string, NFC (a page saved on macOS may send decomposed Hangul), padding trimmed. */
export function cleanText(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  const text = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '';
  return text.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
}

/** cleanText, with null for nothing. */
export function cleanOptional(raw: unknown): string | null {
  return cleanText(raw) || null;
}

/**
 * A credit as KY's player feed pads it ("   김형석 작곡") without the role word; null when only the role is left.
 * A role glued to the name ("김형석작곡") goes too, unless that would leave one letter (a name like 이작사).
 */
export function stripCreditSuffix(raw: unknown, role: '작곡' | '작사'): string | null {
  const text = cleanText(raw);
  if (!text.endsWith(role)) return text || null;
  const rest = text.slice(0, -role.length);
  if (rest === '' || rest.endsWith(' ')) return cleanOptional(rest);
  return [...rest].length >= 2 ? rest : text;
}

/** True when the text holds a control character (a row carrying one is refused, not repaired). */
export function hasControlCharacter(raw: unknown): boolean {
  return typeof raw === 'string' && CONTROL.test(raw);
}

/**
 * A day as YYYY-MM-DD from the forms sources write (2024-05-17, 2024.05.17, 20240517; a month alone, 2024-05,
 * 2024.05 or 202405, is its first day); null for anything else or a day the calendar lacks.
 */
export function toDay(raw: unknown): string | null {
  const text = cleanText(raw);
  const m = /^(\d{4})[-./]?(\d{2})(?:[-./]?(\d{2}))?\.?$/.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3] ?? '1')];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** The raw fields of one row, before checking. */
export interface RawSongFields {
  no: unknown;
  title: unknown;
  singer: unknown;
  composer?: unknown;
  lyricist?: unknown;
}

export type CheckedFields = {
  no: string;
  title: string;
  singer: string;
  composer: string | null;
  lyricist: string | null;
};

/** Why a row cannot be a song, or null when its fields are fine. Checked on the raw text, before cleaning. */
export function rowProblem(fields: RawSongFields): string | null {
  const no = cleanText(fields.no);
  if (!no) return 'no number';
  if (!/^\d+$/.test(no)) return `number is not digits ("${no.slice(0, 20)}")`;
  if (no.length > MAX_NUMBER_LENGTH) return `number longer than ${MAX_NUMBER_LENGTH} digits`;
  const texts: Array<[string, unknown]> = [
    ['title', fields.title],
    ['singer', fields.singer],
    ['composer', fields.composer],
    ['lyricist', fields.lyricist],
  ];
  for (const [name, value] of texts) {
    if (value !== null && value !== undefined && typeof value !== 'string' && typeof value !== 'number')
      return `${name} is not text`;
    if (hasControlCharacter(value)) return `${name} has control characters`;
    if (cleanText(value).length > MAX_FIELD_LENGTH) return `${name} longer than ${MAX_FIELD_LENGTH} characters`;
  }
  if (typeof fields.title === 'string' && fields.title.length && !cleanText(fields.title))
    return 'title is only spaces';
  if (!cleanText(fields.title)) return 'no title';
  if (!cleanText(fields.singer)) return 'no singer';
  return null;
}

/** The fields cleaned, or the reason the row is refused. */
export function checkSongFields(fields: RawSongFields): CheckedFields | { reason: string } {
  const problem = rowProblem(fields);
  if (problem) return { reason: problem };
  return {
    no: cleanText(fields.no),
    title: cleanText(fields.title),
    singer: cleanText(fields.singer),
    composer: cleanOptional(fields.composer),
    lyricist: cleanOptional(fields.lyricist),
  };
}

/** A SourceSong with every optional field empty, for adapters to fill in. */
export function sourceSong(brand: Brand, checked: CheckedFields, extra: Partial<SourceSong> = {}): SourceSong {
  return {
    brand,
    ...checked,
    release: null,
    nation: null,
    genre: null,
    titleReading: null,
    singerReading: null,
    subTitle: null,
    marks: [],
    mayBeCut: false,
    ...extra,
  };
}

/** Either a song or a rejected row from one raw row: the step every adapter runs on every row. */
export function songOrRejected(
  brand: Brand,
  fields: RawSongFields,
  raw: unknown,
  extra: (checked: CheckedFields) => Partial<SourceSong> = () => ({}),
): { song: SourceSong } | { rejected: RejectedRow } {
  const checked = checkSongFields(fields);
  if ('reason' in checked) return { rejected: { reason: checked.reason, raw: shortRaw(raw) } };
  return { song: sourceSong(brand, checked, extra(checked)) };
}

/** A rejected row's raw value with runaway strings shortened, so reports and logs stay small. */
export function shortRaw(raw: unknown): unknown {
  if (typeof raw === 'string') return raw.length > 200 ? `${raw.slice(0, 200)}… (${raw.length} characters)` : raw;
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    return Object.fromEntries(Object.entries(raw as Record<string, unknown>).map(([k, v]) => [k, shortRaw(v)]));
  }
  return raw;
}

/** A nation from the codes sources use (TJ nationalcode KOR/ENG/JPN/CHN); 'etc' for another code, null for none. */
export function toNation(raw: unknown): Nation | null {
  const code = cleanText(raw).toUpperCase();
  if (!code) return null;
  const known: Record<string, Nation> = {
    KOR: 'kor',
    KR: 'kor',
    ENG: 'eng',
    EN: 'eng',
    POP: 'eng',
    JPN: 'jpn',
    JP: 'jpn',
    CHN: 'chn',
    CN: 'chn',
  };
  return known[code] ?? 'etc';
}
