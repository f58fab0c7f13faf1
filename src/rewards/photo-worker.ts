// Runs inside a task-pool worker (src/platform/task-pool.ts): everything that reads untrusted photo bytes (EXIF,
// image decoding, the object detector), so that a parser stuck in a loop costs one terminated worker, never the API.
import exifr from 'exifr';
import sharp from 'sharp';
import { HASH_SIDE, perceptualHash } from './perceptual-hash';
import { DETECTOR_INPUT, detectObjects, loadDetector, type Detection } from './object-detector';

/** A worker's warm-up (task-pool warmUp): the detector's model is loaded before the first photo arrives. */
export const warmUpPhotoWorker = (): Promise<void> => loadDetector();

export interface ExifTagsInput {
  bytes: Uint8Array;
}
export interface ExifTags {
  dateTimeOriginal: string | null;
  offsetTimeOriginal: string | null;
}

export interface DecodedImage {
  width: number;
  height: number;
  format: string;
  entropy: number;
}

/** What a worker learned of one upload; the API decides from it (photo-inspector.ts). */
export interface PhotoFacts {
  exif: ExifTags;
  /** null when the bytes do not decode as an image */
  decoded: DecodedImage | null;
  phash: string | null;
  /** the picture re-encoded as JPEG without any metadata (EXIF, GPS, ICC), at most STORED_SIDE px: what is stored */
  stripped: Uint8Array | null;
  /** null when the detector could not run (detectorError says why) */
  detections: Detection[] | null;
  detectorError: string | null;
}

// EXIF date strings are 19 characters ("YYYY:MM:DD HH:MM:SS") and offsets 6 ("+09:00"); more is not a date
const MAX_TAG_CHARS = 32;
const MAX_INPUT_PIXELS = 50_000_000;
const STORED_SIDE = 1280;
const capped = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, MAX_TAG_CHARS) : null);

export async function readExifTags(input: ExifTagsInput): Promise<ExifTags> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(Buffer.from(input.bytes), {
      pick: ['DateTimeOriginal', 'OffsetTimeOriginal'],
      reviveValues: false,
      tiff: true,
      exif: true,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
    });
  } catch {
    return { dateTimeOriginal: null, offsetTimeOriginal: null };
  }
  return { dateTimeOriginal: capped(tags?.DateTimeOriginal), offsetTimeOriginal: capped(tags?.OffsetTimeOriginal) };
}

const image = (bytes: Buffer) => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate();

export async function inspectPhoto(input: ExifTagsInput & { detect: boolean }): Promise<PhotoFacts> {
  const bytes = Buffer.from(input.bytes);
  const exif = await readExifTags(input);
  let decoded: DecodedImage;
  let grey: Buffer;
  let stripped: Buffer;
  try {
    const meta = await image(bytes).metadata();
    const stats = await image(bytes).stats();
    const upright = (meta.orientation ?? 1) >= 5; // 90-degree turns swap the sides
    decoded = {
      width: (upright ? meta.height : meta.width) ?? 0,
      height: (upright ? meta.width : meta.height) ?? 0,
      format: meta.format ?? 'unknown',
      entropy: Math.round(stats.entropy * 100) / 100,
    };
    grey = await image(bytes).greyscale().resize(HASH_SIDE, HASH_SIDE, { fit: 'fill' }).raw().toBuffer();
    stripped = await image(bytes)
      .resize(STORED_SIDE, STORED_SIDE, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .toBuffer();
  } catch {
    return { exif, decoded: null, phash: null, stripped: null, detections: null, detectorError: 'not decoded' };
  }
  let detections: Detection[] | null = null;
  let detectorError: string | null = null;
  if (input.detect) {
    try {
      const rgb = await image(bytes)
        .removeAlpha()
        .toColourspace('srgb')
        .resize(DETECTOR_INPUT, DETECTOR_INPUT, { fit: 'fill' })
        .raw()
        .toBuffer();
      detections = await detectObjects(rgb);
    } catch (err) {
      detectorError = String((err as Error).message ?? err).slice(0, 300);
    }
  } else {
    detectorError = 'detector disabled';
  }
  return { exif, decoded, phash: perceptualHash(grey), stripped, detections, detectorError };
}
