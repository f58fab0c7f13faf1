// Which version of a song a title names (Live, Remix, MR, Inst, Acoustic): an original names none. Written into the
// document's `version` field, where the ranking gives originals their bonus (src/search/song-query.ts rankingFunctions).
import { splitAlternatives } from '../korean';

/** Version kinds a title's tags name ("사랑 (Live)" -> ["live"]); an original names none. */
const VERSION_KIND_OF: Readonly<Record<string, string>> = {
  live: 'live',
  remix: 'remix',
  mr: 'mr',
  inst: 'inst',
  acoustic: 'acoustic',
  version: 'version',
};

export function versionKindsOf(title: string): string[] {
  const kinds = splitAlternatives(title)
    .tags.map((t) => VERSION_KIND_OF[t.kind])
    .filter((k): k is string => Boolean(k));
  return [...new Set(kinds)];
}
