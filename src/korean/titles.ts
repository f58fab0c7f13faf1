// Parenthesised parts of titles and artist names: alternative names ("블루밍(Blueming)", "BTS(방탄소년단)")
// versus tags that describe a version or credit ("(Feat. 박재범)", "(Live)", "(드라마 '도깨비' OST)").
export type TagKind = 'feat' | 'with' | 'prod' | 'mr' | 'inst' | 'ost' | 'live' | 'remix' | 'acoustic' | 'version' | 'other';
export interface Tag { kind: TagKind; text: string }
export interface SplitName { primary: string; alternatives: string[]; tags: Tag[] }

const TAG_RULES: Array<[TagKind, RegExp]> = [
  ['feat', /^(feat\.?|ft\.?|featuring)\s*/i],
  ['with', /^with\s+/i],
  ['prod', /^prod\.?\s*(by)?\s*/i],
  ['mr', /^(mr|m\.r\.?)$/i],
  ['inst', /^(inst\.?|instrumental)$/i],
  ['ost', /\bost\b|삽입곡|주제곡/i],
  ['live', /\blive\b|라이브/i],
  ['remix', /\bremix\b|리믹스/i],
  ['acoustic', /\bacoustic\b|어쿠스틱/i],
  ['version', /\bver(\.|sion)?\b|버전|\bedit\b|\bmix\b|\bremaster/i],
];

export function classifyTag(inner: string): TagKind | undefined {
  const text = inner.trim();
  for (const [kind, re] of TAG_RULES) if (re.test(text)) return kind;
  return undefined;
}

const PAREN = /[([{［（【]([^()[\]{}［］（）【】]*)[)\]}］）】]/g;
// "Feat. X" written without parentheses at the end of a title
const BARE_FEAT = /\s+(feat\.?|ft\.?|featuring)\s*(.+)$/i;

export function splitAlternatives(s: string): SplitName {
  const alternatives: string[] = [];
  const tags: Tag[] = [];
  let rest = s.replace(PAREN, (_m, inner: string) => {
    const text = inner.trim();
    if (!text) return ' ';
    const kind = classifyTag(text);
    if (kind) tags.push({ kind, text });
    else alternatives.push(text);
    return ' ';
  });
  const bare = rest.match(BARE_FEAT);
  if (bare) {
    tags.push({ kind: 'feat', text: `${bare[1]} ${bare[2]}`.trim() });
    rest = rest.slice(0, bare.index);
  }
  const primary = rest.replace(/\s+/g, ' ').trim();
  if (!primary && alternatives.length) return { primary: alternatives[0], alternatives: alternatives.slice(1), tags };
  return { primary, alternatives, tags };
}
