// Structural checks of an uploaded image's container before any parser sees it: every length field must point
// inside the file and move forward, so a box or segment walk always ends. A malformed file is refused with a reason.
import type { ImageType } from './photo';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const MAX_BOXES = 10_000;

/** Why the container is malformed, or null when its structure holds. */
export function containerProblem(buf: Buffer, type: ImageType): string | null {
  switch (type) {
    case 'jpeg':
      return jpegProblem(buf);
    case 'png':
      return pngProblem(buf);
    case 'webp':
      return webpProblem(buf);
    case 'heic':
      return isoBmffProblem(buf);
  }
}

/** JPEG: SOI, then marker segments whose lengths stay inside the file, up to the start of scan. */
function jpegProblem(buf: Buffer): string | null {
  let at = 2;
  for (let n = 0; n < MAX_BOXES; n++) {
    if (at + 4 > buf.length) return 'the JPEG ends before its image data';
    if (buf[at] !== 0xff) return `the JPEG has no marker at byte ${at}`;
    const marker = buf[at + 1];
    if (marker === 0xff) {
      at++;
      continue;
    } // fill byte
    if (marker === 0xd9) return 'the JPEG ends before its image data';
    if (marker >= 0xd0 && marker <= 0xd7) {
      at += 2;
      continue;
    } // restart markers carry no length
    const length = buf.readUInt16BE(at + 2);
    if (length < 2) return `a JPEG segment at byte ${at} has length ${length}`;
    if (at + 2 + length > buf.length) return `a JPEG segment at byte ${at} runs past the end of the file`;
    if (marker === 0xda) return null; // start of scan: entropy-coded data follows
    at += 2 + length;
  }
  return 'the JPEG has too many segments';
}

/** PNG: signature, IHDR first, chunks inside the file, IEND reached. */
function pngProblem(buf: Buffer): string | null {
  if (!buf.subarray(0, 8).equals(PNG_SIGNATURE)) return 'the PNG signature is wrong';
  let at = 8;
  for (let n = 0; n < MAX_BOXES; n++) {
    if (at + 12 > buf.length) return 'the PNG ends before its IEND chunk';
    const length = buf.readUInt32BE(at);
    const kind = buf.toString('latin1', at + 4, at + 8);
    if (n === 0 && kind !== 'IHDR') return 'the PNG does not start with IHDR';
    if (at + 12 + length > buf.length) return `the PNG chunk ${kind} runs past the end of the file`;
    if (kind === 'IEND') return null;
    at += 12 + length;
  }
  return 'the PNG has too many chunks';
}

/** WebP: the RIFF size matches the file, and the first chunk is inside it. */
function webpProblem(buf: Buffer): string | null {
  if (buf.length < 20) return 'the WebP file is too short';
  const riffSize = buf.readUInt32LE(4);
  if (riffSize + 8 > buf.length || riffSize < 12) return 'the WebP RIFF size does not match the file';
  const chunk = buf.readUInt32LE(16);
  if (20 + chunk > riffSize + 8) return 'the first WebP chunk runs past the end of the file';
  return null;
}

/**
 * HEIC/ISO BMFF: top-level boxes from ftyp on, each at least its own header long and inside the file (a 0 length,
 * "to the end of the file", only for the last box), with the meta box that holds the EXIF present before the end.
 */
function isoBmffProblem(buf: Buffer): string | null {
  let at = 0;
  let sawMeta = false;
  for (let n = 0; n < MAX_BOXES && at < buf.length; n++) {
    if (at + 8 > buf.length) return `a box header at byte ${at} is cut off`;
    let length = buf.readUInt32BE(at);
    const kind = buf.toString('latin1', at + 4, at + 8);
    let header = 8;
    if (length === 1) {
      if (at + 16 > buf.length) return `a large box header at byte ${at} is cut off`;
      const big = buf.readBigUInt64BE(at + 8);
      if (big > BigInt(buf.length))
        return `the box ${JSON.stringify(kind)} at byte ${at} runs past the end of the file`;
      length = Number(big);
      header = 16;
    } else if (length === 0) {
      if (!sawMeta) return `the box ${JSON.stringify(kind)} at byte ${at} has length 0 before any meta box`;
      return null; // the last box runs to the end of the file
    }
    if (n === 0 && (kind !== 'ftyp' || length < 16)) return 'the HEIC file does not start with an ftyp box';
    if (length < header) return `the box ${JSON.stringify(kind)} at byte ${at} is shorter than its header`;
    if (at + length > buf.length) return `the box ${JSON.stringify(kind)} at byte ${at} runs past the end of the file`;
    if (kind === 'meta') sawMeta = true;
    at += length;
  }
  if (at < buf.length) return 'the HEIC file has too many boxes';
  return sawMeta ? null : 'the HEIC file has no meta box';
}
