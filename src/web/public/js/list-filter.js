// The saved-lists screen's filter box: narrows the songs already on the page as the singer types (초성 ㅂㅍㅈ, a
// half-typed syllable 밤펴, or letters), in the browser with hangul-js and without asking the server anything.
// Search results never come here: their marks are the server's `matches`.

let loading = null;
/** hangul-js (window.Hangul), loaded on first use since only this screen needs it; null when it cannot be had. */
export function loadHangul() {
  loading ??= new Promise((resolve) => {
    if (window.Hangul) {
      resolve(window.Hangul);
      return;
    }
    const script = document.createElement('script');
    script.src = '/vendor/hangul.js';
    script.onload = () => resolve(window.Hangul || null);
    script.onerror = () => {
      loading = null;
      resolve(null);
    }; // the next keystroke tries again
    document.head.append(script);
  });
  return loading;
}

const LETTER = /[\p{L}\p{N}]/u;
const notLetters = /[^\p{L}\p{N}]/gu;

/** The letters of text (spaces and punctuation left out) with their offsets, their jamo and their initial. */
function lettersOf(H, text) {
  const out = [];
  let at = 0;
  for (const ch of String(text || '')) {
    if (LETTER.test(ch)) {
      const jamo = H ? H.disassemble(ch.toLowerCase()) : [ch.toLowerCase()];
      out.push({ at, end: at + ch.length, jamo: jamo.join(''), initial: jamo[0] });
    }
    at += ch.length;
  }
  return out;
}

/** [start, end) ranges of the used letters, neighbours joined (a space between two letters splits the range). */
function toRanges(used) {
  const ranges = [];
  for (const l of used) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === l.at) last[1] = l.end;
    else ranges.push([l.at, l.end]);
  }
  return ranges;
}

/** The first run of letters whose keys spell `wanted` (the last letter may be half-typed: 밤펴 finds 밤편). */
function findKeys(letters, wanted, keyOf) {
  for (let i = 0; i < letters.length; i++) {
    let spelled = '';
    const used = [];
    for (let j = i; j < letters.length && spelled.length < wanted.length; j++) {
      spelled += keyOf(letters[j]);
      used.push(letters[j]);
    }
    if (spelled.startsWith(wanted)) return toRanges(used);
  }
  return null;
}

/** Ranges of letters matched by one query text: all 초성 compares initials, anything else compares jamo. */
function findIn(H, letters, query) {
  const compact = String(query).toLowerCase().replace(notLetters, '');
  if (!compact) return null;
  if (H && H.isChoAll(compact)) return findKeys(letters, compact, (l) => l.initial);
  const wanted = H ? H.disassemble(compact).join('') : compact;
  return findKeys(letters, wanted, (l) => l.jamo);
}

/**
 * Whether a saved song answers the filter, and where: `{ title, artist }` ranges, or null. The whole query is looked
 * for in the title or in the artist; failing that, each word of it must be in one of the two (아이유 ㅂㅍ).
 */
export function matchSong(H, query, song) {
  const title = lettersOf(H, song.title);
  const artist = lettersOf(H, song.artist);
  const inTitle = findIn(H, title, query);
  if (inTitle) return { title: inTitle, artist: [] };
  const inArtist = findIn(H, artist, query);
  if (inArtist) return { title: [], artist: inArtist };
  const words = String(query).trim().split(/\s+/);
  if (words.length < 2) return null;
  const found = { title: [], artist: [] };
  for (const w of words) {
    const t = findIn(H, title, w);
    const a = t ? null : findIn(H, artist, w);
    if (!t && !a) return null;
    if (t) found.title.push(...t);
    else found.artist.push(...a);
  }
  return found;
}
