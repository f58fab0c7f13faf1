// One interface for every brand's public catalog: a full listing walked page by page (resumable from a
// checkpoint), the songs added since a day, one song's details and the brand's charts. Adapters validate every
// answer; a maintenance page or a wrong shape is a SourceError, never data.
import type { Brand } from '../core/brands';

/** The nations a song is filed under (TJ nationalcode, KY's book city); also the values of song search's nation facet. */
export const NATIONS = ['kor', 'eng', 'jpn', 'chn', 'etc'] as const;
export type Nation = (typeof NATIONS)[number];

/** One song as a source states it, before any merge. Text is as received, only trimmed of padding. */
export interface SourceSong {
  brand: Brand;
  no: string;
  title: string;
  singer: string;
  composer: string | null;
  lyricist: string | null;
  /** YYYY-MM-DD (a month alone becomes its first day) */
  release: string | null;
  nation: Nation | null;
  /** a chart genre name ("발라드", "OST", ...) when a source tells it */
  genre: string | null;
  /** the Hangul reading of a Japanese title / artist (TJ sortTitleKo / sortSongKo) */
  titleReading: string | null;
  singerReading: string | null;
  subTitle: string | null;
  /** TJ icongubun ("MR", "LV", "60", "MEDLEY") and similar marks */
  marks: string[];
  /** true when the view this row came from cuts long titles or artists (KY book view): complete it from details() */
  mayBeCut: boolean;
}

/** A row the adapter could not turn into a SourceSong, with why (counted and reported, never stored as a song). */
export interface RejectedRow {
  reason: string;
  raw: unknown;
}

/** One page of a walk: its rows, and the checkpoint to resume *after* this page (null when the walk is done). */
export interface SourcePage {
  songs: SourceSong[];
  rejected: RejectedRow[];
  /** opaque to callers: persisted after the page is stored, handed back to resume */
  next: string | null;
  /** a human label for progress lines ("ㄱ page 3", "whole catalog") */
  label: string;
}

export interface ChartRequest {
  chart: 'TOP' | 'HOT';
  from: string;
  to: string;
  genre: number;
}
export interface ChartPlace {
  rank: number;
  no: string;
  title: string;
  singer: string;
}

export interface CatalogSource {
  readonly brand: Brand;
  /** The whole catalog, page by page; `resumeFrom` is a checkpoint an earlier walk yielded. */
  listAll(resumeFrom?: string | null): AsyncIterable<SourcePage>;
  /** Songs published on or after `day` (YYYY-MM-DD), as far as the source can tell. */
  newSince(day: string): Promise<SourcePage>;
  /** One song's full record (titles and artists not cut), or null when the source does not know the number. */
  details(no: string): Promise<SourceSong | null>;
  /** A chart, when the brand publishes one (TJ); undefined when it does not. */
  charts?(req: ChartRequest): Promise<ChartPlace[]>;
}

/** Why a source answer is not data. */
/** bad_row: the answer has the right shape but the one song it is about cannot be stored (a detail page's row). */
export type SourceErrorKind =
  | 'maintenance'
  | 'bad_shape'
  | 'bad_row'
  | 'no_data'
  | 'missing_parameter'
  | 'http'
  | 'timeout'
  | 'too_large'
  | 'robots'
  | 'network';

export class SourceError extends Error {
  constructor(
    readonly kind: SourceErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'SourceError';
  }
}
