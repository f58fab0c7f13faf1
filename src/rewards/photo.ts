// What a proof photo is and when it was taken: image type from magic bytes (not the client's content-type),
// EXIF DateTimeOriginal (read in a worker: photo-worker.ts), and the Asia/Seoul calendar day it falls on.
import crypto from 'node:crypto';
import type { ExifTags } from './photo-worker';

export type ImageType = 'jpeg' | 'png' | 'webp' | 'heic';

export function detectImageType(buf: Buffer): ImageType | null {
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  if (buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  if (
    buf.length >= 12 &&
    buf.toString('latin1', 4, 8) === 'ftyp' &&
    /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(buf.toString('latin1', 8, 12))
  )
    return 'heic';
  return null;
}

const SEOUL_OFFSET_MS = 9 * 3600_000; // Korea has no daylight saving time

/** The Asia/Seoul calendar day (YYYY-MM-DD) of an instant. */
export const seoulDay = (at: Date): string => new Date(at.getTime() + SEOUL_OFFSET_MS).toISOString().slice(0, 10);

/** Seconds from `at` until the next Asia/Seoul midnight. */
export function secondsUntilSeoulMidnight(at: Date): number {
  const local = at.getTime() + SEOUL_OFFSET_MS;
  return Math.max(1, Math.ceil((86_400_000 - (local % 86_400_000)) / 1000));
}

/**
 * The Seoul day an EXIF DateTimeOriginal ("YYYY:MM:DD HH:MM:SS") falls on. With OffsetTimeOriginal ("+09:00")
 * the instant is exact; without it the camera clock is taken to be Korean time. Null when malformed.
 */
export function photoSeoulDay(dateTimeOriginal: string, offsetTimeOriginal?: string): string | null {
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(dateTimeOriginal.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const iso = `${y}-${mo}-${d}T${h}:${mi}:${s}`;
  const offset = offsetTimeOriginal?.trim();
  const at = new Date(`${iso}${offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : '+09:00'}`);
  if (Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) === 'Invalid') return null;
  // reject impossible dates that Date would roll over (e.g. 2025:02:30)
  if (!offset && seoulDay(at) !== `${y}-${mo}-${d}`) return null;
  return seoulDay(at);
}

export interface PhotoDate {
  /** the camera's DateTimeOriginal as it reads ("YYYY:MM:DD HH:MM:SS"): only the matched characters, never the raw tag */
  raw: string;
  offset?: string;
  seoulDay: string;
}

/** The photo date from the EXIF tags a worker read, or null when there is none (or it cannot be read). */
export function photoDateOf(tags: ExifTags): PhotoDate | null {
  const m = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})/.exec(tags.dateTimeOriginal?.trim() ?? '');
  if (!m) return null;
  const offset = tags.offsetTimeOriginal?.trim();
  const validOffset = offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : undefined;
  const day = photoSeoulDay(m[0], validOffset);
  return day ? { raw: `${m[1]}:${m[2]}:${m[3]} ${m[4]}:${m[5]}:${m[6]}`, offset: validOffset, seoulDay: day } : null;
}

export const sha256 = (buf: Buffer) => crypto.createHash('sha256').update(buf).digest('hex');
