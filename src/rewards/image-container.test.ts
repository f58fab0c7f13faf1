import { containerProblem } from './image-container';
import { heicFtyp, heicWithZeroLengthBox, isoBox, jpegWithExif } from '../../tools/fixtures/exif-images';

describe('containerProblem', () => {
  test('a real JPEG with EXIF and comments holds', () => {
    expect(containerProblem(jpegWithExif({ dateTimeOriginal: '2025:06:01 12:00:00' }), 'jpeg')).toBeNull();
  });

  test('a JPEG cut inside a segment, with a zero length, or without image data is refused', () => {
    const jpeg = jpegWithExif({ dateTimeOriginal: '2025:06:01 12:00:00' });
    expect(containerProblem(jpeg.subarray(0, 30), 'jpeg')).toMatch(/runs past the end/);
    const zero = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x00]), Buffer.alloc(10)]);
    expect(containerProblem(zero, 'jpeg')).toMatch(/length 0/);
    expect(containerProblem(Buffer.from([0xff, 0xd8, 0xff, 0xd9, 0, 0]), 'jpeg')).toMatch(/before its image data/);
  });

  test('the HEIC that hangs exifr (a zero-length box before meta) is refused', () => {
    expect(containerProblem(heicWithZeroLengthBox(), 'heic')).toMatch(/length 0 before any meta box/);
  });

  test('HEIC boxes must fit the file, be longer than their header, and include meta', () => {
    expect(
      containerProblem(
        Buffer.concat([heicFtyp(), isoBox('meta', Buffer.alloc(8)), isoBox('mdat', Buffer.alloc(4))]),
        'heic',
      ),
    ).toBeNull();
    expect(
      containerProblem(
        Buffer.concat([heicFtyp(), isoBox('meta', Buffer.alloc(8)), isoBox('mdat', Buffer.alloc(0), 0)]),
        'heic',
      ),
    ).toBeNull();
    expect(containerProblem(Buffer.concat([heicFtyp(), isoBox('meta', Buffer.alloc(8), 4000)]), 'heic')).toMatch(
      /runs past the end/,
    );
    expect(containerProblem(Buffer.concat([heicFtyp(), isoBox('meta', Buffer.alloc(8), 3)]), 'heic')).toMatch(
      /shorter than its header/,
    );
    expect(containerProblem(Buffer.concat([heicFtyp(), isoBox('mdat', Buffer.alloc(8))]), 'heic')).toMatch(
      /no meta box/,
    );
    expect(containerProblem(Buffer.concat([heicFtyp(), Buffer.from([0, 0, 0])]), 'heic')).toMatch(/cut off/);
  });

  test('PNG chunks and the WebP RIFF size are checked', () => {
    const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const chunk = (kind: string, data: Buffer, len = data.length) => {
      const h = Buffer.alloc(8);
      h.writeUInt32BE(len);
      h.write(kind, 4, 'latin1');
      return Buffer.concat([h, data, Buffer.alloc(4)]);
    };
    expect(
      containerProblem(Buffer.concat([sig, chunk('IHDR', Buffer.alloc(13)), chunk('IEND', Buffer.alloc(0))]), 'png'),
    ).toBeNull();
    expect(containerProblem(Buffer.concat([sig, chunk('IHDR', Buffer.alloc(13), 99999)]), 'png')).toMatch(
      /runs past the end/,
    );
    const riff = Buffer.alloc(30);
    riff.write('RIFF', 0, 'latin1');
    riff.writeUInt32LE(22, 4);
    riff.write('WEBPVP8 ', 8, 'latin1');
    riff.writeUInt32LE(10, 16);
    expect(containerProblem(riff, 'webp')).toBeNull();
    riff.writeUInt32LE(5000, 4);
    expect(containerProblem(riff, 'webp')).toMatch(/RIFF size/);
  });
});
