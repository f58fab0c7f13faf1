// Quantities as people type them ("2리터", "500미리", "1.5 리터") written the way product names write them (2l, 500ml).
// Names are matched lower-cased, so the units come out lower-case.

const UNITS: Array<[RegExp, string]> = [
  [/(\d)\s*(?:밀리리터|밀리|미리|㎖)/g, '$1ml'],
  [/(\d)\s*(?:리터|ℓ)/g, '$1l'],
  [/(\d)\s*(?:킬로그램|킬로|키로|㎏)/g, '$1kg'],
  [/(\d)\s*(?:그램|그람|㎎)/g, '$1g'],
];

/** The text with Korean unit words after a number replaced by the units product names use; unchanged otherwise. */
export function withProductUnits(text: string): string {
  let out = text;
  for (const [re, unit] of UNITS) out = out.replace(re, unit);
  return out;
}
