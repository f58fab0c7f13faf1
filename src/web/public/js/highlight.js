// Marks what a query matched, from ranges alone: search answers carry `matches` ([start, end) string offsets, end
// exclusive, computed by the server for every hit, 초성/jamo/keyboard/typo hits included), so the page never guesses.
// The saved-lists filter (list-filter.js) hands in ranges of its own, in the same form.
import { esc } from './html.js';

/** Escaped text with <mark> around each [start, end) range (unordered, overlapping or too long ranges are tamed). */
export function highlight(text, ranges) {
  const s = String(text == null ? '' : text);
  const sorted = [...(Array.isArray(ranges) ? ranges : [])].sort((a, b) => a[0] - b[0]);
  let out = '';
  let pos = 0;
  for (const [start, end] of sorted) {
    const from = Math.max(start, pos);
    const to = Math.min(end, s.length);
    if (to <= from) continue;
    out += `${esc(s.slice(pos, from))}<mark>${esc(s.slice(from, to))}</mark>`;
    pos = to;
  }
  return out + esc(s.slice(pos));
}
