// Checks one source row before it may become a catalog entry, and the comparisons the sync makes against what
// Postgres holds: whether a cut (fixed-width) text still fits the full text we have, and whether a number's title
// changed beyond a respelling.
import { isRealDate } from '../songs/catalog-entry';
import type { Brand } from '../core/brands';
import { compactText } from '../korean';
import type { SourceSong } from './source';

/** Title and singer limits are the file ingest's (src/songs/catalog-entry.ts); credits may list several people. */
export const MAX_NAME_CHARS = 300;
export const MAX_CREDIT_CHARS = 1000;

export type BadRowReason =
  | 'no_number'
  | 'bad_number'
  | 'wrong_brand'
  | 'blank_title'
  | 'control_characters'
  | 'field_too_long'
  | 'broken_encoding'
  | 'bad_release'
  | 'not_text'
  | 'duplicate_number';

// C0/C1 controls (tabs and newlines included: a one-line field never holds them once the adapter trimmed padding)
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// \s covers NBSP and U+3000; the rest are invisible or Hangul filler characters that render as nothing
const BLANK = /^[\s\u200b-\u200d\u2060\ufeff\u3164\u115f\u1160\uffa0]*$/;
const NUMBER = /^[0-9]{1,8}$/;

const textFields = (s: SourceSong): Array<[string, string | null]> => [
  ['title', s.title],
  ['singer', s.singer],
  ['composer', s.composer],
  ['lyricist', s.lyricist],
  ['subTitle', s.subTitle],
  ['titleReading', s.titleReading],
  ['singerReading', s.singerReading],
  ['genre', s.genre],
];

/** Why this row cannot be stored as the brand's song (null: it can). Duplicates are found across the listing. */
export function badReasonOf(song: SourceSong, brand: Brand): BadRowReason | null {
  const no = typeof song.no === 'string' ? song.no.trim() : '';
  if (!no) return 'no_number';
  if (!NUMBER.test(no)) return 'bad_number';
  if (song.brand !== brand) return 'wrong_brand';
  if (typeof song.title !== 'string' || BLANK.test(song.title)) return 'blank_title';
  const fields = textFields(song);
  for (const [, v] of fields) if (v !== null && typeof v !== 'string') return 'not_text';
  for (const [, v] of fields) if (v && CONTROL.test(v)) return 'control_characters';
  for (const [, v] of fields) if (v && v.includes('\ufffd')) return 'broken_encoding';
  for (const [name, v] of fields) {
    if (v && v.length > (name === 'title' || name === 'singer' ? MAX_NAME_CHARS : MAX_CREDIT_CHARS))
      return 'field_too_long';
  }
  if (song.release !== null && (typeof song.release !== 'string' || !isRealDate(song.release))) return 'bad_release';
  return null;
}

// what a fixed-width view may leave at the cut: an ellipsis and the space before it
const CUT_MARK = /\s*(?:\.{2,}|…)\s*$/;
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

/** True when `shown` is `full` or a cut of it (a prefix, maybe ending in "..."). */
export function isCutOf(shown: string, full: string): boolean {
  const cut = oneLine(shown).replace(CUT_MARK, '');
  return cut.length > 0 && oneLine(full).startsWith(cut);
}

/** A row from a view that cuts long text needs the song's detail page unless what we hold is its full text. */
export function needsDetails(song: SourceSong, held: { title: string; singer: string } | undefined): boolean {
  if (!song.mayBeCut) return false;
  return !held || !isCutOf(song.title, held.title) || !isCutOf(song.singer, held.singer);
}

function grams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => chars[i] + c);
}

/** Dice overlap of character bigrams of the compact forms, 0..1. */
export function titleSimilarity(a: string, b: string): number {
  const ga = grams(compactText(a));
  const gb = grams(compactText(b));
  if (!ga.length || !gb.length) return ga.length === gb.length ? 1 : 0;
  const counts = new Map<string, number>();
  for (const g of ga) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of gb) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (ga.length + gb.length);
}

/**
 * A number whose title became another title altogether (not a respelling, a tag added or a cut completed). Such a
 * row is still applied (brands do rename and re-use numbers) but reported, so an operator can look.
 */
export function titleChangedCompletely(held: string, fetched: string): boolean {
  const a = compactText(held);
  const b = compactText(fetched);
  if (!a || !b || a === b || a.includes(b) || b.includes(a)) return false;
  return titleSimilarity(a, b) < 0.25;
}

// adapters word their reasons for people ("line 12: number is not digits ("12a")"): counted under one code each
const ADAPTER_REASONS: Array<[RegExp, string]> = [
  [/^no number/, 'no_number'],
  [/number is not digits|number longer than/, 'bad_number'],
  [/control characters/, 'control_characters'],
  [/longer than \d+ characters/, 'field_too_long'],
  [/only spaces|^no title/, 'blank_title'],
  [/^no singer/, 'no_singer'],
  [/is not text/, 'not_text'],
];

/** The reason a bad row is counted under: our codes as they are, an adapter's wording mapped to them or stripped of its values. */
export function reasonCode(reason: string): string {
  if (/^[a-z_]+$/.test(reason)) return reason;
  const text = reason.replace(/^line \d+:\s*/, '');
  for (const [pattern, code] of ADAPTER_REASONS) if (pattern.test(text)) return code;
  return text
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\([^)]*\)/g, '(…)')
    .replace(/\d+/g, 'N')
    .slice(0, 80);
}
