// A karaoke song number typed with or without its brand: "TJ 12345", "tj12345", "금영4567", "ky#4567", "12345".
import type { Brand } from '../core/brands';
import { normalizeText } from './normalize';

export interface BrandNumber {
  brand?: Brand;
  number: string;
}

// How people name each machine brand: company names, their Hangul and abbreviations.
const BRAND_NAMES: Record<Brand, string[]> = {
  tj: ['tj', 'tjmedia', 'tj미디어', '태진', '태진미디어', '티제이'],
  ky: ['ky', 'kumyoung', 'keumyoung', '금영', '케이와이'],
};
const BRAND_OF = new Map(
  Object.entries(BRAND_NAMES).flatMap(([brand, names]) => names.map((n) => [n, brand as Brand])),
);
const NAME_PATTERN = [...BRAND_OF.keys()].sort((a, b) => b.length - a.length).join('|');
const MAX_DIGITS = 8;
// brand, then optional separators ("#", "-", ":", ".", "no", "번호") and the number; or the number, then the brand
const BRAND_FIRST = new RegExp(`^(${NAME_PATTERN})\\s*(?:no\\.?|번호|[#:.\\-])?\\s*(\\d{1,${MAX_DIGITS}})(?:\\s*번)?$`);
const NUMBER_FIRST = new RegExp(`^(\\d{1,${MAX_DIGITS}})\\s*(?:번)?\\s*(${NAME_PATTERN})$`);
const NUMBER_ONLY = new RegExp(`^(?:no\\.?|#)?\\s*(\\d{1,${MAX_DIGITS}})(?:\\s*번)?$`);

/** The brand (when named) and number in a search input, or undefined when the input is anything else. */
export function parseBrandNumber(text: string): BrandNumber | undefined {
  const t = normalizeText(text);
  const brandFirst = t.match(BRAND_FIRST);
  if (brandFirst) return { brand: BRAND_OF.get(brandFirst[1]), number: brandFirst[2] };
  const numberFirst = t.match(NUMBER_FIRST);
  if (numberFirst) return { brand: BRAND_OF.get(numberFirst[2]), number: numberFirst[1] };
  const only = t.match(NUMBER_ONLY);
  return only ? { number: only[1] } : undefined;
}
