// A 64-bit perceptual hash (DCT hash): the signs of the lowest 8x8 frequencies of a 32x32 grey image against their
// median. Resizing, recompression and metadata leave it nearly unchanged; a different picture differs in ~half its bits.
export const HASH_SIDE = 32;
const LOW = 8;

const COSINES: Float64Array[] = Array.from({ length: LOW }, (_, k) =>
  Float64Array.from({ length: HASH_SIDE }, (_, n) => Math.cos((Math.PI / HASH_SIDE) * (n + 0.5) * k)),
);

/** The hash of HASH_SIDE x HASH_SIDE grey pixels (row by row), as 16 hex digits. */
export function perceptualHash(grey: Uint8Array): string {
  if (grey.length !== HASH_SIDE * HASH_SIDE)
    throw new Error(`perceptualHash needs ${HASH_SIDE * HASH_SIDE} grey pixels`);
  // the 2-D DCT as two 1-D passes, keeping only the LOW x LOW block
  const rows = new Float64Array(HASH_SIDE * LOW);
  for (let y = 0; y < HASH_SIDE; y++) {
    for (let k = 0; k < LOW; k++) {
      let s = 0;
      for (let x = 0; x < HASH_SIDE; x++) s += grey[y * HASH_SIDE + x] * COSINES[k][x];
      rows[y * LOW + k] = s;
    }
  }
  const coeffs: number[] = [];
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let y = 0; y < HASH_SIDE; y++) s += rows[y * LOW + u] * COSINES[v][y];
      coeffs.push(s);
    }
  }
  const ac = coeffs.slice(1).sort((a, b) => a - b); // the DC term (overall brightness) would skew the median
  const median = ac[Math.floor(ac.length / 2)];
  let hex = '';
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let b = 0; b < 4; b++) nibble = (nibble << 1) | (coeffs[i + b] > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** How many of the 64 bits two hashes differ in. */
export function hammingDistance(a: string, b: string): number {
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let n = 0;
  while (x) {
    n += Number(x & 1n);
    x >>= 1n;
  }
  return n;
}

/** The hash as Postgres bigint text (two's complement of the 64 bits), for bit_count((a # b)::bit(64)). */
export function hashToBigint(hex: string): string {
  return BigInt.asIntN(64, BigInt(`0x${hex}`)).toString();
}
