// Writes the shipped sample catalogs (data/songs/tj.json and data/songs/ky.csv) from data/songs/songs.tsv,
// spelling each song the way the two brands differ in practice. Deterministic: re-running gives the same files.
// The songs are real; their numbers are invented for the sample.
import fs from 'node:fs';
import path from 'node:path';

const dir = path.resolve(__dirname, '..', 'data', 'songs');
const rows = fs
  .readFileSync(path.join(dir, 'songs.tsv'), 'utf8')
  .split('\n')
  .filter((l) => l && !l.startsWith('#'))
  .map((l) => {
    const [title, artist, titleAlt, artistAlt, only] = l.split('\t');
    return { title, artist, titleAlt: titleAlt || '', artistAlt: artistAlt || '', only: (only || '').trim() };
  });

const fullWidth = (s: string) => s.replace(/[A-Za-z0-9]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const withAlt = (main: string, alt: string) => (alt ? `${main}(${alt})` : main);

interface Entry {
  brand: 'tj' | 'kumyoung';
  no: string;
  title: string;
  singer: string;
  composer?: string;
  lyricist?: string;
  release?: string;
}
const tj: Entry[] = [];
const ky: Entry[] = [];

rows.forEach((s, i) => {
  const release = `${2008 + (i % 16)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  if (s.only !== 'ky') {
    tj.push({
      brand: 'tj',
      no: String(31000 + i * 53),
      title: withAlt(s.title, s.titleAlt), // TJ lists the other name in parentheses ("으르렁(Growl)")
      singer: i % 4 === 0 ? withAlt(s.artist, s.artistAlt) : s.artist,
      release: i % 5 === 0 ? '' : release,
    });
    // live versions are separate songs, usually only in one brand
    if (i % 12 === 5) tj.push({ brand: 'tj', no: String(90000 + i), title: `${s.title} (Live)`, singer: s.artist });
  }
  if (s.only !== 'tj') {
    const variant = i % 6;
    const title = [
      s.title.replace(/\s+/g, ''),
      /[A-Za-z]/.test(s.title) ? s.title.toUpperCase() : `${s.title} (MR)`,
      `${s.title} (MR)`,
      /^[A-Za-z0-9 ]+$/.test(s.title) ? fullWidth(s.title) : withAlt(s.titleAlt || s.title, s.titleAlt ? s.title : ''),
      s.title.replace(/, /g, ' ').replace(/\?+$/, ''),
      s.title,
    ][variant];
    const singer = [
      withAlt(s.artist, s.artistAlt),
      s.artistAlt || s.artist,
      s.artist.replace(/, /g, ' & '),
      s.artistAlt ? `${s.artistAlt}(${s.artist})` : s.artist,
      withAlt(s.artist, s.artistAlt),
      s.artist,
    ][variant];
    ky.push({ brand: 'kumyoung', no: String(46000 + i * 71), title, singer });
    if (i % 15 === 7)
      ky.push({ brand: 'kumyoung', no: String(97000 + i), title: `${s.title} (Remix)`, singer: s.artist });
  }
});

const csvCell = (v: string | undefined) => (v && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : (v ?? ''));
fs.writeFileSync(path.join(dir, 'tj.json'), JSON.stringify(tj, null, 1) + '\n');
fs.writeFileSync(
  path.join(dir, 'ky.csv'),
  [
    'brand,no,title,singer,composer,lyricist,release',
    ...ky.map((e) => [e.brand, e.no, e.title, e.singer, e.composer, e.lyricist, e.release].map(csvCell).join(',')),
  ].join('\n') + '\n',
);
console.log(`wrote ${tj.length} TJ entries and ${ky.length} KY entries to ${dir}`);
