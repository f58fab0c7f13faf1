// Real-looking proof photos for tests and the hash threshold measurement: a seeded scene (a wall and a table under
// sensor noise, objects on it, optionally a plastic bottle) encoded by sharp, with an EXIF date spliced in.
import sharp from 'sharp';
import { createRng } from '../platform/prng';
import { exifSegment } from './exif-fixture';

export interface SceneOptions { width?: number; height?: number; bottle?: boolean }

const colour = (r: () => number, lo = 0, hi = 255) => `rgb(${[0, 1, 2].map(() => Math.floor(lo + r() * (hi - lo))).join(',')})`;

function sceneSvg(seed: number, w: number, h: number, bottle: boolean): string {
  const rng = createRng(seed);
  const r = () => rng.next();
  const horizon = Math.round(h * (0.5 + r() * 0.2));
  const things: string[] = [];
  for (let i = 0; i < 12; i++) {
    const x = r() * w, y = r() * h, s = 20 + r() * w * 0.2;
    things.push(r() < 0.5
      ? `<circle cx="${x}" cy="${y}" r="${s / 2}" fill="${colour(r)}" opacity="${0.3 + r() * 0.6}"/>`
      : `<rect x="${x}" y="${y}" width="${s}" height="${s * (0.4 + r())}" fill="${colour(r)}" opacity="${0.3 + r() * 0.6}" transform="rotate(${r() * 30 - 15} ${x} ${y})"/>`);
  }
  let bottleSvg = '';
  if (bottle) {
    const bh = h * (0.45 + r() * 0.15), bw = bh * 0.36, bx = w * (0.2 + r() * 0.5), base = horizon + (h - horizon) * 0.5;
    const tint = colour(r, 150, 255);
    bottleSvg = `<g>
      <ellipse cx="${bx + bw / 2}" cy="${base}" rx="${bw * 0.7}" ry="${bw * 0.12}" fill="#000" opacity="0.25"/>
      <rect x="${bx + bw * 0.3}" y="${base - bh - bw * 0.55}" width="${bw * 0.4}" height="${bw * 0.28}" rx="${bw * 0.05}" fill="${colour(r, 0, 120)}"/>
      <path d="M${bx + bw * 0.33} ${base - bh - bw * 0.27} L${bx + bw * 0.67} ${base - bh - bw * 0.27} L${bx + bw * 0.67} ${base - bh}
        Q${bx + bw} ${base - bh + bw * 0.3} ${bx + bw} ${base - bh + bw * 0.7} L${bx + bw} ${base - bw * 0.1} Q${bx + bw} ${base} ${bx + bw * 0.9} ${base}
        L${bx + bw * 0.1} ${base} Q${bx} ${base} ${bx} ${base - bw * 0.1} L${bx} ${base - bh + bw * 0.7} Q${bx} ${base - bh + bw * 0.3} ${bx + bw * 0.33} ${base - bh} Z"
        fill="url(#glass)" stroke="#889" stroke-width="2"/>
      <rect x="${bx}" y="${base - bh * 0.55}" width="${bw}" height="${bh * 0.08}" fill="#fff" opacity="0.35"/>
      <rect x="${bx}" y="${base - bh * 0.35}" width="${bw}" height="${bh * 0.05}" fill="#fff" opacity="0.25"/>
    </g>`;
    things.length = 4; // a cleaner table around the bottle
    things.push(`<linearGradient id="glass" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${tint}" stop-opacity="0.9"/><stop offset="0.25" stop-color="#fff" stop-opacity="0.85"/><stop offset="0.45" stop-color="${tint}" stop-opacity="0.6"/><stop offset="1" stop-color="#345" stop-opacity="0.9"/></linearGradient>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <rect width="${w}" height="${horizon}" fill="${colour(r, 170, 235)}"/>
    <rect y="${horizon}" width="${w}" height="${h - horizon}" fill="${colour(r, 60, 150)}"/>
    ${things.join('\n')}${bottleSvg}</svg>`;
}

/** A JPEG photo of a seeded scene (different seeds: different pictures). */
export async function scenePhoto(seed: number, opts: SceneOptions = {}): Promise<Buffer> {
  const w = opts.width ?? 640, h = opts.height ?? 480;
  const noise = await sharp({ create: { width: w, height: h, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 14 } } }).png().toBuffer();
  return sharp(Buffer.from(sceneSvg(seed, w, h, opts.bottle ?? false))).composite([{ input: noise, blend: 'soft-light' }]).blur(0.6).jpeg({ quality: 88 }).toBuffer();
}

/** The JPEG with an EXIF APP1 segment (DateTimeOriginal, OffsetTimeOriginal) right after its SOI marker. */
export function withExif(jpeg: Buffer, tags: { dateTimeOriginal?: string; offsetTimeOriginal?: string }): Buffer {
  return Buffer.concat([jpeg.subarray(0, 2), exifSegment(tags), jpeg.subarray(2)]);
}

/** A proof photo: a scene (with a bottle unless told otherwise) taken at the given EXIF date. */
export async function proofPhoto(seed: number, dateTimeOriginal: string, opts: SceneOptions = {}): Promise<Buffer> {
  return withExif(await scenePhoto(seed, { bottle: true, ...opts }), { dateTimeOriginal });
}

/**
 * Seeds of bottle scenes the detector finds the bottle in, all further apart than the duplicate threshold (10 bits),
 * with a bottle score at least 0.05 over the minimum, as measured by scripts/eval-proof-photos.ts: test files
 * take disjoint slices so their photos never collide.
 */
export const DETECTABLE_BOTTLE_SEEDS = [1001, 1002, 1003, 1004, 1005, 1006, 1011, 1012, 1015, 1016, 1017, 1018, 1020, 1021, 1026, 1028, 1029,
  1033, 1034, 1038, 1039, 1040, 1045, 1046, 1049, 1055, 1056, 1058, 1062, 1066, 1068, 1070, 1071, 1072, 1073, 1076, 1077, 1078, 1080, 1082,
  1084, 1087, 1092, 1097, 1099];
