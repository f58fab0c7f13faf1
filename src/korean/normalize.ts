// Text normalization shared by indexing and querying, so both sides compare the same forms.
const QUOTES = /[\u2018\u2019\u201a\u201b\u2032\u00b4`]/g;
const DOUBLE_QUOTES = /[\u201c\u201d\u201e\u201f\u2033]/g;
const DASHES = /[\u2010-\u2015\u2212\u30fc]/g;
const TILDES = /[\u301c\uff5e]/g;

// NFKC would turn compatibility jamo (ㄴ, typed by people) into conjoining jamo (ᄂ), so they are left out of it.
const nfkcExceptJamo = (s: string) => s.replace(/[^\u3131-\u318e]+/g, (part) => part.normalize('NFKC'));

/** NFKC (full-width -> half-width), lower-case, unified punctuation, single spaces. */
export function normalizeText(s: string): string {
  return nfkcExceptJamo(s)
    .replace(QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(TILDES, '~')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** normalizeText without spaces or punctuation: "너의 의미" and "너의의미" give the same key. */
export function compactText(s: string): string {
  return normalizeText(s).replace(/[^\p{L}\p{N}]/gu, '');
}
