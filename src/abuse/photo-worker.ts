// Runs inside a task-pool worker (src/platform/task-pool.ts): the parsers that read untrusted photo bytes, so that a
// parser stuck in a loop costs one terminated worker, never the API's event loop.
import exifr from 'exifr';

export interface ExifTagsInput { bytes: Uint8Array }
export interface ExifTags { dateTimeOriginal: string | null; offsetTimeOriginal: string | null }

// EXIF date strings are 19 characters ("YYYY:MM:DD HH:MM:SS") and offsets 6 ("+09:00"); more is not a date
const MAX_TAG_CHARS = 32;
const capped = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, MAX_TAG_CHARS) : null);

export async function readExifTags(input: ExifTagsInput): Promise<ExifTags> {
  let tags: Record<string, unknown> | undefined;
  try {
    tags = await exifr.parse(Buffer.from(input.bytes), {
      pick: ['DateTimeOriginal', 'OffsetTimeOriginal'], reviveValues: false, tiff: true, exif: true,
      xmp: false, icc: false, iptc: false, jfif: false,
    });
  } catch {
    return { dateTimeOriginal: null, offsetTimeOriginal: null };
  }
  return { dateTimeOriginal: capped(tags?.DateTimeOriginal), offsetTimeOriginal: capped(tags?.OffsetTimeOriginal) };
}
