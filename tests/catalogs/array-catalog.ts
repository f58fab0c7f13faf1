// A brand site made of arrays, for tests of what the sync and the chart job make of a source's songs: the whole
// listing in one page, the new songs, no detail pages, and chart places by genre code.
import type { CatalogSource, ChartPlace, ChartRequest, SourcePage, SourceSong } from '../../src/catalogs/source';
import type { Brand } from '../../src/core/brands';

export const sourceSong = (
  brand: Brand,
  no: string,
  title: string,
  singer: string,
  over: Partial<SourceSong> = {},
): SourceSong => ({
  brand,
  no,
  title,
  singer,
  composer: null,
  lyricist: null,
  release: null,
  nation: null,
  genre: null,
  titleReading: null,
  singerReading: null,
  subTitle: null,
  marks: [],
  mayBeCut: false,
  ...over,
});

export class ArrayCatalog implements CatalogSource {
  newSongs: SourceSong[] = [];
  /** genre code (TJ strType) -> the numbers placed, best first; every TOP and HOT chart of the genre answers them */
  places = new Map<number, string[]>();

  constructor(
    readonly brand: Brand,
    public songs: SourceSong[],
  ) {}

  async *listAll(): AsyncIterable<SourcePage> {
    yield { songs: this.songs, rejected: [], next: null, label: 'whole catalog' };
  }

  async newSince(): Promise<SourcePage> {
    return { songs: this.newSongs, rejected: [], next: null, label: 'new songs' };
  }

  async details(): Promise<SourceSong | null> {
    return null;
  }

  async charts(req: ChartRequest): Promise<ChartPlace[]> {
    return (this.places.get(req.genre) ?? []).map((no, i) => ({ rank: i + 1, no, title: `곡 ${no}`, singer: '가수' }));
  }
}
