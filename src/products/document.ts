// A products row -> its Elasticsearch document. The as-you-type keys (compact word suffixes, chosung) are
// computed here at index time so queries stay simple prefix lookups.
import { compactText, compactWords, joinedSuffixes, romanKeys, toChoseong, toJamo, wordSuffixes } from '../korean';

export const PRODUCTS_FAMILY = 'products';

export interface ProductRow {
  id: number;
  name: string;
  brand: string;
  category: string;
  no_label: string;
  barcode: string | null;
  description: string | null;
  image_url: string | null;
  source: string;
  deleted_at: Date | null;
  updated_at: Date;
}

const HANGUL = /[\uac00-\ud7a3]/;
const unique = (v: string[]) => [...new Set(v.filter(Boolean))];

/** Initial consonants of the Hangul in each suffix ("무라벨생수" -> "ㅁㄹㅂㅅㅅ"); other characters are dropped. */
export function chosungKeys(text: string): string[] {
  return unique(
    wordSuffixes(text)
      .filter((s) => HANGUL.test(s))
      .map((s) => toChoseong(s)),
  );
}

/**
 * Romanized keys from every syllable of a Hangul word on, to the end of the name ("제주삼다수 그린" -> jejusamdasugulin,
 * samdasugulin, ...): Latin queries for Hangul names ("pepsi" for 펩시제로, "samdasu" for 제주삼다수).
 */
export function romanizedKeys(text: string): string[] {
  const words = compactWords(text);
  const starts = words.flatMap((word, i) => {
    const chars = [...word];
    const rest = words.slice(i + 1).join('');
    return chars.flatMap((ch, j) => (HANGUL.test(ch) && chars.length - j >= 2 ? [chars.slice(j).join('') + rest] : []));
  });
  return unique(starts.flatMap(romanKeys));
}

export function productDocument(row: ProductRow): Record<string, unknown> | null {
  if (row.deleted_at) return null;
  return {
    id: Number(row.id),
    name: row.name,
    brand: row.brand,
    category: row.category,
    no_label: row.no_label,
    barcode: row.barcode,
    description: row.description,
    image_url: row.image_url,
    source: row.source,
    name_compact: wordSuffixes(row.name),
    name_infix: compactText(row.name),
    name_chosung: chosungKeys(row.name),
    name_jamo: unique(joinedSuffixes(compactWords(row.name).map(toJamo))),
    // whole words and suffixes as jamo, no prefixes: typo lookups fuzz few terms
    name_typo: unique([...compactWords(row.name).map(toJamo), ...joinedSuffixes(compactWords(row.name).map(toJamo))]),
    name_roman: romanizedKeys(row.name),
    brand_compact: wordSuffixes(row.brand),
    brand_chosung: chosungKeys(row.brand),
    updated_at: row.updated_at.toISOString(),
  };
}
