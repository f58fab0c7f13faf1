// Builds tiny but real JPEGs with an EXIF APP1 segment (DateTimeOriginal, optional OffsetTimeOriginal), for tests.

// a 16x16 baseline JPEG (made once with sharp) without its SOI: the segments spliced in go between SOI and these
const JPEG_BODY = Buffer.from(
  '/9sAQwAGBAUGBQQGBgUGBwcGCAoQCgoJCQoUDg8MEBcUGBgXFBYWGh0lHxobIxwWFiAsICMmJykqKRkfLTAtKDAlKCko/9sAQwEHBwcKCAoTCgoTKBoWGigoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo/8AAEQgAEAAQAwEiAAIRAQMRAf/EABUAAQEAAAAAAAAAAAAAAAAAAAAF/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/EABQBAQAAAAAAAAAAAAAAAAAAAAb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCAAehL/9k=',
  'base64');

function asciiValue(s: string): Buffer { return Buffer.concat([Buffer.from(s, 'latin1'), Buffer.from([0])]); }

/** A little-endian TIFF block: IFD0 with one pointer to an Exif IFD holding the given ASCII tags. */
function tiffWithExif(tags: Array<{ tag: number; value: string }>): Buffer {
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]); // "II", 42, IFD0 at 8
  const ifd0Size = 2 + 12 + 4;
  const exifIfdOffset = 8 + ifd0Size;
  const exifIfdSize = 2 + 12 * tags.length + 4;
  let dataOffset = exifIfdOffset + exifIfdSize;
  const ifd0 = Buffer.alloc(ifd0Size);
  ifd0.writeUInt16LE(1, 0);
  ifd0.writeUInt16LE(0x8769, 2); // ExifIFDPointer
  ifd0.writeUInt16LE(4, 4); // LONG
  ifd0.writeUInt32LE(1, 6);
  ifd0.writeUInt32LE(exifIfdOffset, 10);
  ifd0.writeUInt32LE(0, 14);
  const exifIfd = Buffer.alloc(exifIfdSize);
  exifIfd.writeUInt16LE(tags.length, 0);
  const values: Buffer[] = [];
  tags.forEach((t, i) => {
    const v = asciiValue(t.value);
    const at = 2 + i * 12;
    exifIfd.writeUInt16LE(t.tag, at);
    exifIfd.writeUInt16LE(2, at + 2); // ASCII
    exifIfd.writeUInt32LE(v.length, at + 4);
    if (v.length <= 4) v.copy(exifIfd, at + 8);
    else { exifIfd.writeUInt32LE(dataOffset, at + 8); values.push(v); dataOffset += v.length; }
  });
  exifIfd.writeUInt32LE(0, exifIfdSize - 4);
  return Buffer.concat([header, ifd0, exifIfd, ...values]);
}

/** A JPEG APP1 segment holding the EXIF date tags given (empty when none is). */
export function exifSegment(opts: { dateTimeOriginal?: string; offsetTimeOriginal?: string }): Buffer {
  const tags: Array<{ tag: number; value: string }> = [];
  if (opts.dateTimeOriginal) tags.push({ tag: 0x9003, value: opts.dateTimeOriginal });
  if (opts.offsetTimeOriginal) tags.push({ tag: 0x9011, value: opts.offsetTimeOriginal });
  if (!tags.length) return Buffer.alloc(0);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffWithExif(tags)]);
  const len = Buffer.alloc(2);
  len.writeUInt16BE(payload.length + 2);
  return Buffer.concat([Buffer.from([0xff, 0xe1]), len, payload]);
}

export function jpegWithExif(opts: { dateTimeOriginal?: string; offsetTimeOriginal?: string; padding?: number; salt?: string } = {}): Buffer {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8]), exifSegment(opts)];
  // a COM segment makes each photo's bytes (and so its hash) unique, and pads it to a given size
  const comment = Buffer.from(`${opts.salt ?? Math.random().toString(36)}${' '.repeat(opts.padding ?? 0)}`, 'latin1');
  for (let i = 0; i < comment.length; i += 65_000) {
    const chunk = comment.subarray(i, i + 65_000);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(chunk.length + 2);
    parts.push(Buffer.from([0xff, 0xfe]), len, chunk);
  }
  parts.push(JPEG_BODY);
  return Buffer.concat(parts);
}

/** EXIF date format for an instant, as a Korean camera clock would show it. */
export function exifSeoulDate(at: Date): string {
  const s = new Date(at.getTime() + 9 * 3600_000).toISOString();
  return `${s.slice(0, 4)}:${s.slice(5, 7)}:${s.slice(8, 10)} ${s.slice(11, 19)}`;
}

/** An ISO BMFF box: 32-bit length, 4-letter kind, payload (`length` overrides the written length). */
export function isoBox(kind: string, payload: Buffer = Buffer.alloc(0), length?: number): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(length ?? 8 + payload.length, 0);
  head.write(kind, 4, 'latin1');
  return Buffer.concat([head, payload]);
}

/** The start of a HEIC file: an ftyp box naming heic among its compatible brands. */
export const heicFtyp = (): Buffer => isoBox('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'));

/** ~100 bytes that send exifr 7.1.3's HEIC parser into an endless loop: ftyp, then a box of length 0 before any meta. */
export const heicWithZeroLengthBox = (): Buffer => Buffer.concat([heicFtyp(), isoBox('free', Buffer.alloc(60), 0)]);
