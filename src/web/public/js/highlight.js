// Marks the characters a query matched: the server's <em> highlights when it sends them, otherwise hangul-js
// (jamo-aware, so "너의 의" or "ㄴㅇㅇ" light up while the syllable is still being typed).
const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
export { esc };

// the server's highlights come HTML-escaped by Elasticsearch's html encoder, which writes exactly these
const ENCODED = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#x27;': "'", '&#x2F;': '/' };
const unescapeHtml = (s) => s.replace(/&(amp|lt|gt|quot|#x27|#x2F);/g, (m) => ENCODED[m]);

/** Server highlight: only <em> survives (as <mark>), everything else is shown as the text it encodes, escaped again. */
export const fromServer = (html) => String(html).split(/(<\/?em>)/)
  .map((part) => (part === '<em>' ? '<mark>' : part === '</em>' ? '</mark>' : esc(unescapeHtml(part))))
  .join('');

const CHOSUNG = 'ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ';
const initialOf = (ch) => {
  const code = ch.charCodeAt(0) - 0xac00;
  return code >= 0 && code < 11172 ? CHOSUNG[Math.floor(code / 588)] : ch;
};

/** [start, end] character ranges of `text` matched by `query` (inclusive ends, as hangul-js returns them). */
export function matchRanges(text, query) {
  const q = String(query || '').trim();
  if (!q || !text) return [];
  const H = window.Hangul;
  if (H) {
    const ranges = H.rangeSearch(text.toLowerCase(), q.toLowerCase());
    if (ranges.length) return ranges;
  }
  // chosung query: match the run of initials, skipping spaces in the title
  const compact = q.replace(/\s+/g, '');
  if (!/^[ㄱ-ㅎ]+$/.test(compact)) return [];
  const positions = [];
  let initials = '';
  for (let i = 0; i < text.length; i++) if (text[i] !== ' ') { positions.push(i); initials += initialOf(text[i]); }
  const at = initials.indexOf(compact);
  if (at < 0) return [];
  return [[positions[at], positions[at + compact.length - 1]]];
}

/** Escaped text with <mark> around the matched ranges. */
export function highlight(text, query, serverHtml) {
  if (serverHtml && serverHtml.includes('<em>')) return fromServer(serverHtml);
  const ranges = matchRanges(text, query);
  if (!ranges.length) return esc(text);
  let out = '';
  let pos = 0;
  for (const [start, end] of ranges) {
    if (start < pos) continue;
    out += esc(text.slice(pos, start)) + '<mark>' + esc(text.slice(start, end + 1)) + '</mark>';
    pos = end + 1;
  }
  return out + esc(text.slice(pos));
}
