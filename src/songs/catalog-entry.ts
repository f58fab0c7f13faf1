// One row of a brand catalog (the fields of the well-known public karaoke-number API), validated.
import type { Validated } from '../platform/catalog-reader';
import type { Brand } from '../core/brands';

export interface CatalogEntry {
  brand: Brand;
  no: string;
  title: string;
  singer: string;
  composer: string | null;
  lyricist: string | null;
  release: string | null;
  /** what a catalog source tells beyond the credits (src/catalogs/sync.ts); file ingests leave them unset */
  nation?: string | null;
  title_reading?: string | null;
  singer_reading?: string | null;
  sub_title?: string | null;
}

export const BRAND_NAMES: Readonly<Record<string, Brand>> = {
  tj: 'tj',
  kumyoung: 'ky',
  ky: 'ky',
  kumyong: 'ky',
  금영: 'ky',
  태진: 'tj',
};

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v)).replace(/\s+/g, ' ').trim();

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function validateCatalogEntry(fields: Record<string, unknown>): Validated<CatalogEntry> {
  const brand = BRAND_NAMES[text(fields.brand).toLowerCase()];
  if (!brand) return { reason: `brand must be tj, kumyoung or ky (got "${text(fields.brand)}")` };
  const no = text(fields.no);
  if (!no) return { reason: 'no (the song number) is missing' };
  if (!/^\d{1,8}$/.test(no)) return { reason: `no must be 1-8 digits (got "${no}")` };
  const title = text(fields.title);
  if (!title) return { reason: 'title is empty' };
  const singer = text(fields.singer);
  for (const [name, value] of Object.entries({
    title,
    singer,
    composer: text(fields.composer),
    lyricist: text(fields.lyricist),
  })) {
    if (value.includes('\ufffd')) return { reason: `${name} has broken encoding (U+FFFD replacement characters)` };
  }
  if (title.length > 300 || singer.length > 300) return { reason: 'title and singer must be at most 300 characters' };
  const release = text(fields.release);
  if (release && !isRealDate(release))
    return { reason: `release must be a real YYYY-MM-DD date or empty (got "${release}")` };
  return {
    key: `number:${brand}-${no}`,
    row: {
      brand,
      no,
      title,
      singer,
      composer: text(fields.composer) || null,
      lyricist: text(fields.lyricist) || null,
      release: release || null,
    },
  };
}
