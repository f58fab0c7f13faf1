import { detectImageType, photoDateOf, photoSeoulDay, secondsUntilSeoulMidnight, seoulDay } from './photo';
import { jpegWithExif } from '../../tools/fixtures/exif-images';

describe('seoulDay', () => {
  test('uses Korean time, not UTC', () => {
    expect(seoulDay(new Date('2025-06-01T14:59:59Z'))).toBe('2025-06-01');
    expect(seoulDay(new Date('2025-06-01T15:00:00Z'))).toBe('2025-06-02');
  });

  test('counts seconds to the next Korean midnight', () => {
    expect(secondsUntilSeoulMidnight(new Date('2025-06-01T14:59:00Z'))).toBe(60);
  });
});

describe('photoSeoulDay', () => {
  test('without an offset the camera clock is Korean time', () => {
    expect(photoSeoulDay('2025:06:01 23:30:00')).toBe('2025-06-01');
  });

  test('with an offset the instant is converted to the Seoul day', () => {
    expect(photoSeoulDay('2025:06:01 10:00:00', '-05:00')).toBe('2025-06-02'); // 15:00Z = 00:00 KST next day
    expect(photoSeoulDay('2025:06:01 23:30:00', '+09:00')).toBe('2025-06-01');
  });

  test('malformed or impossible dates give null', () => {
    expect(photoSeoulDay('yesterday')).toBeNull();
    expect(photoSeoulDay('2025:02:30 10:00:00')).toBeNull();
    expect(photoSeoulDay('0000:00:00 00:00:00')).toBeNull();
  });
});

describe('detectImageType', () => {
  test('recognises images by their first bytes', () => {
    expect(detectImageType(jpegWithExif())).toBe('jpeg');
    expect(detectImageType(Buffer.from('89504e470d0a1a0a0000', 'hex'))).toBe('png');
    expect(detectImageType(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(detectImageType(Buffer.from('\0\0\0\x18ftypheic\0\0', 'latin1'))).toBe('heic');
  });

  test('rejects anything else, whatever it is called', () => {
    expect(detectImageType(Buffer.from('%PDF-1.7'))).toBeNull();
    expect(detectImageType(Buffer.from('<svg></svg>'))).toBeNull();
    expect(detectImageType(Buffer.alloc(0))).toBeNull();
  });
});

describe('photoDateOf (the EXIF tags a worker read)', () => {
  test('reads DateTimeOriginal and the Seoul day', () => {
    expect(photoDateOf({ dateTimeOriginal: '2025:06:01 12:00:00', offsetTimeOriginal: null })).toEqual({
      raw: '2025:06:01 12:00:00',
      offset: undefined,
      seoulDay: '2025-06-01',
    });
  });

  test('honours OffsetTimeOriginal', () => {
    expect(photoDateOf({ dateTimeOriginal: '2025:06:01 10:00:00', offsetTimeOriginal: '-05:00' })?.seoulDay).toBe(
      '2025-06-02',
    );
  });

  test('keeps only the date it matched: trailing text, NULs and control characters never reach the record', () => {
    const d = photoDateOf({
      dateTimeOriginal: '2025:06:01 12:00:00\u0000\u0007garbage that goes on',
      offsetTimeOriginal: '+09:00\u0000',
    });
    expect(d).toEqual({ raw: '2025:06:01 12:00:00', offset: undefined, seoulDay: '2025-06-01' });
  });

  test('no date, or one that is not a date, gives null', () => {
    expect(photoDateOf({ dateTimeOriginal: null, offsetTimeOriginal: '+09:00' })).toBeNull();
    expect(photoDateOf({ dateTimeOriginal: '\u0000', offsetTimeOriginal: null })).toBeNull();
    expect(photoDateOf({ dateTimeOriginal: '2025:02:30 10:00:00', offsetTimeOriginal: null })).toBeNull();
  });
});
