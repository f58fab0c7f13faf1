// Parenthesised parts of titles and artist names: alternative names ("블루밍(Blueming)", "BTS(방탄소년단)")
// versus tags that describe a version or credit ("(Feat. 박재범)", "(Live)", "(드라마 '도깨비' OST)").
export type TagKind =
  'feat' | 'with' | 'prod' | 'mr' | 'inst' | 'ost' | 'live' | 'remix' | 'acoustic' | 'version' | 'other';
export interface Tag {
  kind: TagKind;
  text: string;
}
export interface SplitName {
  primary: string;
  alternatives: string[];
  tags: Tag[];
}

const TAG_RULES: Array<[TagKind, RegExp]> = [
  ['feat', /^(feat\.?|ft\.?|featuring)\s*/i],
  ['with', /^with\s+/i],
  ['prod', /^prod\.?\s*(by)?\s*/i],
  ['mr', /^(mr|m\.r\.?)$/i],
  ['inst', /^(inst\.?|instrumental|반주)$/i],
  ['ost', /\bost\b|삽입곡|주제곡/i],
  ['live', /\blive\b|라이브/i],
  ['remix', /\bremix\b|리믹스/i],
  ['acoustic', /\bacoustic\b|어쿠스틱/i],
  ['version', /\bver(\.|sion)?\b|버전|\bedit\b|\bmix\b|\bremaster/i],
  ['other', /^(explicit|clean|original|cover|piano|a ?cappella|full|short)$|원곡|남자키|여자키|피아노/i],
];

export function classifyTag(inner: string): TagKind | undefined {
  const text = inner.trim();
  for (const [kind, re] of TAG_RULES) if (re.test(text)) return kind;
  return undefined;
}

const OPENER_OF: Readonly<Record<string, string>> = {
  ')': '(',
  ']': '[',
  '}': '{',
  '）': '（',
  '］': '［',
  '】': '【',
};
// "Feat. X" written without parentheses at the end of a title
const BARE_FEAT = /\s+(feat\.?|ft\.?|featuring)\s*(.+)$/i;

/** Splits "head (inner)" at its last bracket group, honouring nesting; undefined when s does not end in one or head is empty. */
function takeTrailingGroup(s: string): { head: string; inner: string } | undefined {
  const text = s.trimEnd();
  const opener = OPENER_OF[text[text.length - 1]];
  if (!opener) return undefined;
  const closer = text[text.length - 1];
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === closer) depth++;
    else if (text[i] === opener && --depth === 0) {
      const head = text.slice(0, i).trim();
      return head ? { head, inner: text.slice(i + 1, -1).trim() } : undefined;
    }
  }
  return undefined;
}

/**
 * Trailing bracket groups become alternative names or tags: "블루밍(Blueming)" -> 블루밍 + [Blueming];
 * "Dynamite (Feat. X)" -> a feat tag. Brackets inside a name stay: "(여자)아이들" is one name.
 */
export function splitAlternatives(s: string): SplitName {
  const alternatives: string[] = [];
  const tags: Tag[] = [];
  let rest = s.trim();
  for (let group = takeTrailingGroup(rest); group; group = takeTrailingGroup(rest)) {
    rest = group.head;
    if (!group.inner) continue;
    const kind = classifyTag(group.inner);
    if (kind) tags.unshift({ kind, text: group.inner });
    else alternatives.unshift(group.inner);
  }
  const bare = rest.match(BARE_FEAT);
  if (bare) {
    tags.push({ kind: 'feat', text: `${bare[1]} ${bare[2]}`.trim() });
    rest = rest.slice(0, bare.index);
  }
  return { primary: rest.replace(/\s+/g, ' ').trim(), alternatives, tags };
}
