// Which characters of a title or artist a query matched, as [start, end) offsets (JavaScript string indices),
// so the page can highlight 초성, half-typed jamo, keyboard-layout, pronunciation and typo hits that Elasticsearch's
// highlighter cannot place. Pure: works on the parsed query and the displayed text.
import { hasLatinLetters, normalizeText, parseSearchQuery, pronunciationKey, pronunciationKeysOf, toChoseong, toJamo, type ParsedQuery } from './index';

export type Range = [number, number];
type CharKey = (ch: string) => string;

const LETTER = /[\p{L}\p{N}]/u;
/** A per-character (or per-word) key remembered: titles repeat characters and words, and normalizing is not cheap. */
function remembered(key: CharKey): CharKey {
  const seen = new Map<string, string>();
  return (ch) => {
    let k = seen.get(ch);
    if (k === undefined) {
      k = key(ch);
      if (seen.size >= 20_000) seen.clear();
      seen.set(ch, k);
    }
    return k;
  };
}
const jamoOf: CharKey = remembered((ch) => toJamo(ch));
const initialOf: CharKey = remembered((ch) => toChoseong(ch) || normalizeText(ch));
const lower: CharKey = remembered((ch) => normalizeText(ch));

/** Offsets of the characters of text and whether each starts a word. */
function lettersOf(text: string): Array<{ ch: string; at: number; wordStart: boolean }> {
  const out: Array<{ ch: string; at: number; wordStart: boolean }> = [];
  let prevLetter = false;
  for (let at = 0; at < text.length; ) {
    const ch = String.fromCodePoint(text.codePointAt(at)!);
    const isLetter = LETTER.test(ch);
    if (isLetter) out.push({ ch, at, wordStart: !prevLetter });
    prevLetter = isLetter;
    at += ch.length;
  }
  return out;
}

/** The letters, from a word start on (spaces and punctuation skipped), whose keys spell key; the last may be half-typed. */
function findKey(text: string, key: string, charKey: CharKey): Range[] | undefined {
  if (!key) return undefined;
  const letters = lettersOf(text);
  for (let i = 0; i < letters.length; i++) {
    if (!letters[i].wordStart) continue;
    let acc = '';
    const used: number[] = [];
    for (let j = i; j < letters.length && acc.length < key.length; j++) {
      acc += charKey(letters[j].ch);
      used.push(j);
    }
    if (acc.length >= key.length && acc.startsWith(key)) return toRanges(letters, used);
  }
  return undefined;
}

function toRanges(letters: ReturnType<typeof lettersOf>, used: number[]): Range[] {
  const ranges: Range[] = [];
  for (const j of used) {
    const { ch, at } = letters[j];
    const last = ranges[ranges.length - 1];
    if (last && last[1] === at) last[1] = at + ch.length;
    else ranges.push([at, at + ch.length]);
  }
  return ranges;
}

function editDistance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

const jamoLettersOf = remembered((word) => toJamo(word));
const soundOf = remembered((hangul) => pronunciationKey(hangul));

/** A word of text within a small jamo edit distance of the query word (typos): the whole word is marked. */
function findTypo(text: string, wordJamo: string): Range[] | undefined {
  const q = [...wordJamo];
  if (q.length < 5) return undefined;
  const budget = q.length < 10 ? 1 : 2;
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = [...jamoLettersOf(m[0])];
    // the distance is at least the difference in length: most words are ruled out without computing it
    if (Math.abs(w.length - q.length) <= budget && editDistance(q, w) <= budget) return [[m.index!, m.index! + m[0].length]];
  }
  return undefined;
}

/** Latin words read by their Korean pronunciation: the words from a word start whose keys begin with the query's key. */
function findPronounced(text: string, hangul: string): Range[] | undefined {
  if (!hasLatinLetters(text)) return undefined; // only Latin words have a pronunciation key
  const key = soundOf(hangul);
  if (!key) return undefined;
  const words = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
  for (let i = 0; i < words.length; i++) {
    for (let j = i; j < words.length; j++) {
      const keys = pronunciationKeysOf(words.slice(i, j + 1).map((w) => w[0]).join(' '));
      const whole = keys[0] ?? '';
      if (!whole) break;
      if (whole.startsWith(key)) return [[words[i].index!, words[j].index! + words[j][0].length]];
      if (!key.startsWith(whole)) break;
    }
  }
  return undefined;
}

function mergeRanges(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: Range[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}

/** One word of the query as typed: its 초성, a jamo or letter prefix, particles folded, or a Latin word by its
 * pronunciation (no typo matching). */
function findWord(text: string, w: ParsedQuery['words'][number]): Range[] | undefined {
  if (w.choseong) return findKey(text, w.choseong, initialOf);
  return findKey(text, w.jamo, jamoOf) ?? findKey(text, w.compact, lower) ?? findKey(text, toJamo(w.folded), jamoOf) ?? findPronounced(text, w.compact);
}

/** The whole query as one key (초성, jamo, letters) or one pronunciation, from a word start on. */
function findWhole(text: string, p: ParsedQuery): Range[] | undefined {
  const whole = p.choseong ? findKey(text, p.choseong, initialOf) : findKey(text, p.jamo.replace(/ /g, ''), jamoOf) ?? findKey(text, p.compact, lower);
  return whole ?? (p.hasHangul && !p.choseong ? findPronounced(text, p.compact) : undefined);
}

/** Ranges of one form of the query (as typed, or as converted from a keyboard layout). */
function rangesOfForm(p: ParsedQuery, text: string): Range[] {
  const whole = findWhole(text, p);
  if (whole) return whole;
  const ranges: Range[] = [];
  for (const w of p.words) {
    const found = findWord(text, w) ?? (w.choseong ? undefined : findTypo(text, w.jamo));
    if (found) ranges.push(...found);
  }
  if (!ranges.length && p.hasHangul) {
    const pron = findTypo(text, p.jamo.replace(/ /g, ''));
    if (pron) ranges.push(...pron);
  }
  return ranges;
}

// the query's readings, parsed once per query rather than once per hit and field
const readings = new WeakMap<ParsedQuery, ParsedQuery[]>();
function formsOf(p: ParsedQuery): ParsedQuery[] {
  let forms = readings.get(p);
  if (!forms) {
    forms = [p];
    if (p.qwertyHangul) forms.push(parseSearchQuery(p.qwertyHangul));
    if (p.koreanModeLatin) forms.push(parseSearchQuery(p.koreanModeLatin));
    readings.set(p, forms);
  }
  return forms;
}

/** The [start, end) offsets of text that the query matched, merged and sorted; empty when nothing is placeable. */
export function matchRanges(p: ParsedQuery, text: string): Range[] {
  if (!text) return [];
  for (const form of formsOf(p)) {
    const ranges = rangesOfForm(form, text);
    if (ranges.length) return mergeRanges(ranges);
  }
  return [];
}

/** Whether one reading of the query finds every one of its words as typed (no typo matching) in one of the texts:
 * then a song with that title and artist is what was typed, not a look-alike of a misspelling. */
export function findsEveryWord(p: ParsedQuery, texts: string[]): boolean {
  const inSome = (find: (t: string) => Range[] | undefined) => texts.some((t) => !!t && !!find(t));
  return formsOf(p).some((form) => form.words.length > 0 && (
    inSome((t) => findWhole(t, form))
    || form.words.every((w) => inSome((t) => findWord(t, w)))));
}
