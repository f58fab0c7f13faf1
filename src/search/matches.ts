// Stage 4's matcher: which characters of a displayed title, artist or product name the input matched, as [start, end)
// offsets (JavaScript string indices), for every reading already parsed (readings.ts): 초성, half-typed jamo, the
// other keyboard layout, a Latin title said in Hangul, a typo (within fuzzinessFor's edits, as the query allowed).
// The web app marks exactly these; Elasticsearch's highlighter cannot place most of them. Pure.
import {
  hasLatinLetters,
  normalizeText,
  pronunciationKey,
  pronunciationKeysOf,
  toChoseong,
  toJamo,
  type ParsedQuery,
} from '../korean';
import { fuzzinessFor } from './relevance';
import type { SearchInput } from './readings';

export type Range = [number, number];
type CharKey = (ch: string) => string;

const LETTER = /[\p{L}\p{N}]/u;
const WORD = /[\p{L}\p{N}]+/gu;
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
const jamoLettersOf = remembered((word) => toJamo(word));
const soundOf = remembered((hangul) => pronunciationKey(hangul));

interface Letter {
  ch: string;
  at: number;
  wordStart: boolean;
}

/** Offsets of the characters of text and whether each starts a word. */
function lettersOf(text: string): Letter[] {
  const out: Letter[] = [];
  let prevLetter = false;
  for (let at = 0; at < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(at)!);
    const isLetter = LETTER.test(ch);
    if (isLetter) out.push({ ch, at, wordStart: !prevLetter });
    prevLetter = isLetter;
    at += ch.length;
  }
  return out;
}

/** The letters, from a word start on (spaces and punctuation skipped), whose keys spell key; the last may be half-typed. */
function findKey(letters: Letter[], key: string, charKey: CharKey): Range[] | undefined {
  if (!key) return undefined;
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

function toRanges(letters: Letter[], used: number[]): Range[] {
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
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/** A word of text within the typo lookup's jamo edits of the query word: the whole word is marked. */
function findTypo(text: string, wordJamo: string): Range[] | undefined {
  const budget = fuzzinessFor(wordJamo);
  if (!budget) return undefined;
  const q = [...wordJamo];
  for (const m of text.matchAll(WORD)) {
    const w = [...jamoLettersOf(m[0])];
    // the distance is at least the difference in length: most words are ruled out without computing it
    if (Math.abs(w.length - q.length) <= budget && editDistance(q, w) <= budget)
      return [[m.index!, m.index! + m[0].length]];
  }
  return undefined;
}

/** Latin words read by their Korean pronunciation: the words from a word start whose keys begin with the query's key. */
function findPronounced(text: string, hangul: string): Range[] | undefined {
  if (!hasLatinLetters(text)) return undefined; // only Latin words have a pronunciation key
  const key = soundOf(hangul);
  if (!key) return undefined;
  const words = [...text.matchAll(WORD)];
  for (let i = 0; i < words.length; i++) {
    for (let j = i; j < words.length; j++) {
      const whole =
        pronunciationKeysOf(
          words
            .slice(i, j + 1)
            .map((w) => w[0])
            .join(' '),
        )[0] ?? '';
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

/** One displayed text, its letters read once for every reading and word looked up in it. */
interface Target {
  text: string;
  letters: Letter[];
}
const targetOf = (text: string): Target => ({ text, letters: lettersOf(text) });

/** One word of a reading: its 초성, a jamo or letter prefix, particles folded, or a Latin word by its pronunciation. */
function findWord(t: Target, w: ParsedQuery['words'][number]): Range[] | undefined {
  if (w.choseong) return findKey(t.letters, w.choseong, initialOf);
  return (
    findKey(t.letters, w.jamo, jamoOf) ??
    findKey(t.letters, w.compact, lower) ??
    findKey(t.letters, toJamo(w.folded), jamoOf) ??
    findPronounced(t.text, w.compact)
  );
}

/** The whole reading as one key (초성, jamo, letters) or one pronunciation, from a word start on. */
function findWhole(t: Target, p: ParsedQuery): Range[] | undefined {
  const whole = p.choseong
    ? findKey(t.letters, p.choseong, initialOf)
    : (findKey(t.letters, p.jamo.replace(/ /g, ''), jamoOf) ?? findKey(t.letters, p.compact, lower));
  return whole ?? (p.hasHangul && !p.choseong ? findPronounced(t.text, p.compact) : undefined);
}

/** Ranges of one reading: the whole of it, else word by word (typos too). */
function rangesOfReading(p: ParsedQuery, t: Target): Range[] {
  const whole = findWhole(t, p);
  if (whole) return whole;
  const ranges: Range[] = [];
  for (const w of p.words) {
    const found = findWord(t, w) ?? (w.choseong ? undefined : findTypo(t.text, w.jamo));
    if (found) ranges.push(...found);
  }
  if (!ranges.length && p.hasHangul) {
    const typo = findTypo(t.text, p.jamo.replace(/ /g, ''));
    if (typo) ranges.push(...typo);
  }
  return ranges;
}

/** The [start, end) offsets of text that the input matched (its first reading that places any), merged and sorted. */
export function matchRanges(input: SearchInput, text: string): Range[] {
  if (!text) return [];
  const target = targetOf(text);
  for (const { query } of input.readings) {
    const ranges = rangesOfReading(query, target);
    if (ranges.length) return mergeRanges(ranges);
  }
  return [];
}

/** Whether one reading finds every one of its words as typed (no typo matching) in one of the texts: then a song
 * with that title and artist is what was typed, not a look-alike of a misspelling. */
export function findsEveryWord(input: SearchInput, texts: string[]): boolean {
  const targets = texts.filter(Boolean).map(targetOf);
  const inSome = (find: (t: Target) => Range[] | undefined) => targets.some((t) => !!find(t));
  return input.readings.some(
    ({ query }) =>
      query.words.length > 0 &&
      (inSome((t) => findWhole(t, query)) || query.words.every((w) => inSome((t) => findWord(t, w)))),
  );
}
