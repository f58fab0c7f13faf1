// Large, realistic-looking synthetic catalogs for benchmarks: Hangul titles and artists built from syllables,
// most songs in both brands, spelled the way the brands differ. Seeded, so every run gives the same catalog.
import { createRng, type Rng } from '../../src/platform/prng';

const SYLLABLES = [
  ...'가나다라마바사아자차카타파하강남동렬명봉성영우준지진춘하늘별빛사랑이별그대우리너의나의밤편지신호등좋은날노래바람꽃눈비봄여름겨울가을추억기억눈물미소행복',
];
const FAMOUS = [
  '아이유',
  '방탄소년단',
  '블랙핑크',
  '성시경',
  '임영웅',
  '장범준',
  '잔나비',
  '폴킴',
  '볼빨간사춘기',
  '악동뮤지션',
  '이무진',
  '빅뱅',
  '엑소',
  '트와이스',
  '세븐틴',
  '뉴진스',
  '아이브',
  '김광석',
  '이문세',
  '박효신',
];

export interface SyntheticSong {
  title: string;
  artist: string;
}

function word(rng: Rng): string {
  return Array.from({ length: 1 + rng.int(3) }, () => SYLLABLES[rng.int(SYLLABLES.length)]).join('');
}

export function syntheticSong(rng: Rng): SyntheticSong {
  const title = Array.from({ length: 1 + rng.int(3) }, () => word(rng)).join(' ');
  const artist = rng.next() < 0.3 ? FAMOUS[rng.int(FAMOUS.length)] : word(rng) + word(rng);
  return { title, artist };
}

export interface SyntheticEntry {
  brand: 'tj' | 'kumyoung';
  no: string;
  title: string;
  singer: string;
  release: string;
}

/** Catalog entries for `songs` songs: ~80% in TJ, ~75% in KY, KY spelled differently a third of the time. */
export function* syntheticCatalog(songs: number, seed = 20261122): Generator<SyntheticEntry> {
  const rng = createRng(seed);
  for (let i = 0; i < songs; i++) {
    const s = syntheticSong(rng);
    const release = `${2000 + rng.int(26)}-${String(1 + rng.int(12)).padStart(2, '0')}-${String(1 + rng.int(28)).padStart(2, '0')}`;
    const inTj = rng.next() < 0.8;
    const inKy = !inTj || rng.next() < 0.7;
    if (inTj) yield { brand: 'tj', no: String(10000 + i), title: s.title, singer: s.artist, release };
    if (inKy) {
      const variant = rng.int(3);
      const title = variant === 0 ? s.title.replace(/ /g, '') : variant === 1 ? `${s.title} (MR)` : s.title;
      yield { brand: 'kumyoung', no: String(2_000_000 + i), title, singer: s.artist, release: '' };
    }
  }
}

export interface CatalogChange {
  brand: 'tj' | 'ky';
  no: string;
  title: string;
  singer: string;
}

/**
 * `count` re-import changes drawn from `sample` (existing entries), the kinds a new catalog file brings: a retitle to
 * another song's title, another credit, a live version, and new entries copying another song (competing for its
 * match), numbered from `newFrom`. Seeded; a number appears at most once.
 */
export function syntheticCatalogChanges(
  sample: CatalogChange[],
  count: number,
  seed: number,
  newFrom: number,
): CatalogChange[] {
  const rng = createRng(seed);
  const pick = () => sample[rng.int(sample.length)];
  const out = new Map<string, CatalogChange>();
  for (let i = 0; i < count; i++) {
    const e = pick();
    const other = pick();
    const kind = rng.int(4);
    const changed: CatalogChange =
      kind === 0
        ? { ...e, title: other.title }
        : kind === 1
          ? { ...e, singer: other.singer }
          : kind === 2
            ? { ...e, title: `${e.title} (Live)` }
            : { ...other, brand: other.brand === 'tj' ? 'ky' : 'tj', no: String(newFrom + i) };
    out.set(`${changed.brand}|${changed.no}`, changed);
  }
  return [...out.values()];
}
