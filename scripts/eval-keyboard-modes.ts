// How well the search box tells English typed in Korean mode from Korean: English words and the sample catalog's
// Latin titles (whole and cut mid-word as while typing), typed in Korean mode, must be read back; the catalog's
// Korean words and names must not be. Usage: npx tsx scripts/eval-keyboard-modes.ts [--misses]
import fs from 'node:fs';
import path from 'node:path';
import { dictionary } from 'cmu-pronouncing-dictionary';
import { englishTypedInKoreanMode, qwertyToHangul } from '../src/korean/keyboard';

const DATA = path.resolve(__dirname, '../data/songs');
const tsv = fs
  .readFileSync(path.join(DATA, 'songs.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => l.split('\t'));
const tj = JSON.parse(fs.readFileSync(path.join(DATA, 'tj.json'), 'utf8')) as Array<{ title: string; singer: string }>;
const ky = fs
  .readFileSync(path.join(DATA, 'ky.csv'), 'utf8')
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));
const names = [
  ...tsv.flatMap((r) => r.slice(0, 4)),
  ...tj.flatMap((r) => [r.title, r.singer]),
  ...ky.flatMap((r) => [r[2] ?? '', r[3] ?? '']),
];

const koreanWords = [...new Set(names.flatMap((n) => n.split(/[^\uac00-\ud7a3]+/)).filter(Boolean))];
const koreanNames = [
  ...new Set(
    names
      .map((n) =>
        n
          .replace(/\([^)]*\)/g, '')
          .replace(/[^\uac00-\ud7a3 ]/g, '')
          .trim(),
      )
      .filter((n) => n.length >= 2),
  ),
];
const latinTitles = [
  ...new Set(
    names
      .map((n) =>
        n
          .replace(/[^A-Za-z ]/g, '')
          .trim()
          .toLowerCase()
          .replace(/ +/g, ' '),
      )
      .filter((n) => n.replace(/ /g, '').length >= 3),
  ),
];
// every 20th dictionary word of 3-10 letters: a spread of everyday and rare English
const englishWords = Object.keys(dictionary)
  .filter((w) => /^[a-z]{3,10}$/.test(w))
  .filter((_, i) => i % 20 === 0);
const typingPrefixes = latinTitles.flatMap((t) => {
  const out: string[] = [];
  for (let n = 4; n < t.length; n += 2) if (t[n - 1] !== ' ') out.push(t.slice(0, n));
  return out;
});

const readBack = (english: string) => englishTypedInKoreanMode(qwertyToHangul(english)) === english;
const mistaken = (korean: string) => englishTypedInKoreanMode(korean) !== undefined;
const share = (xs: string[], f: (x: string) => boolean) => ({
  share: Math.round((xs.filter(f).length / xs.length) * 1000) / 10,
  of: xs.length,
});

const report = {
  readBack: {
    englishWords: share(englishWords, readBack),
    latinTitles: share(latinTitles, readBack),
    titlesBeingTyped: share(typingPrefixes, readBack),
  },
  mistakenForEnglish: { koreanWords: share(koreanWords, mistaken), koreanNames: share(koreanNames, mistaken) },
};
console.log(JSON.stringify(report, null, 2));
if (process.argv.includes('--misses')) {
  console.log('titles not read back:', latinTitles.filter((t) => !readBack(t)).join(' | '));
  console.log('Korean mistaken for English:', [...koreanWords, ...koreanNames].filter(mistaken).join(' | '));
}
