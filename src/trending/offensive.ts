// Offensive terms never reach a trending list: the word list is badwords-ko's, matched on the query without
// spaces so spacing tricks ("씨 발") do not slip through. A "." in a listed term stands for any one character.
import { badWords } from 'badwords-ko/src/badwords.ko.config.json';
import { normalizeText } from '../korean';

// spaces, dashes and underscores go but not every symbol: listed terms use "." as a wildcard and some are emoji
const compact = (s: string) => normalizeText(s).replace(/[\s_\-]+/gu, '');

// Ordinary words that contain a listed term; they stay allowed.
const ALLOWED = ['시발점', '시발역', '시바견', '앰프', '엠프'];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const terms = [...new Set((badWords as string[]).map(compact).filter(Boolean))];
const LITERALS = terms.filter((t) => !t.includes('.'));
const PATTERNS = terms.filter((t) => t.includes('.')).map((t) => new RegExp(t.split('.').map(escape).join('.'), 'u'));

export function isOffensive(text: string): boolean {
  let c = compact(text);
  for (const ok of ALLOWED) c = c.split(ok).join(' ');
  return LITERALS.some((t) => c.includes(t)) || PATTERNS.some((p) => p.test(c));
}
