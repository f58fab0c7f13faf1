// The inspector's worker threads are real: exifr runs in them, and the one known endless loop is cut off there.
import { createPhotoInspector } from './photo-inspector';
import sharp from 'sharp';
import { heicWithZeroLengthBox, jpegWithExif } from '../../tools/fixtures/exif-images';
import { scenePhoto, withExif } from '../../tools/fixtures/proof-photos';
import { TaskPool } from '../platform/task-pool';

describe('photo inspector (exifr in a worker thread)', () => {
  const photos = createPhotoInspector({ workers: 1, timeoutMs: 20_000, maxQueue: 4, detector: false });
  afterAll(() => photos.close());

  test('reads the EXIF date of a real JPEG, decodes it, and keeps a copy without the metadata', async () => {
    const r = await photos.inspect(
      withExif(await scenePhoto(1), { dateTimeOriginal: '2025:06:01 12:00:00', offsetTimeOriginal: '+09:00' }),
    );
    expect(r.type).toBe('jpeg');
    expect(r.taken).toEqual({ raw: '2025:06:01 12:00:00', offset: '+09:00', seoulDay: '2025-06-01' });
    expect(r.facts.decoded).toMatchObject({ width: 640, height: 480, format: 'jpeg' });
    expect(r.facts.phash).toMatch(/^[0-9a-f]{16}$/);
    const stripped = Buffer.from(r.facts.stripped!);
    expect((await sharp(stripped).metadata()).exif).toBeUndefined();
    expect(stripped.includes(Buffer.from('2025:06:01'))).toBe(false);
    expect(r.facts.detectorError).toBe('detector disabled');
    expect((await photos.inspect(jpegWithExif())).taken).toBeNull();
  });

  test('bytes that only start like a JPEG do not decode', async () => {
    const r = await photos.inspect(
      Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x04, 0x00, 0x00]), Buffer.alloc(100, 7)]),
    );
    expect(r.facts.decoded).toBeNull();
  });

  test('the HEIC that hangs exifr is refused as malformed before any parser runs', async () => {
    await expect(photos.inspect(heicWithZeroLengthBox())).rejects.toMatchObject({
      status: 422,
      code: 'malformed_image',
    });
    await expect(photos.inspect(Buffer.from('plain text'))).rejects.toMatchObject({
      status: 415,
      code: 'not_an_image',
    });
  });

  test('when exifr itself hangs, the worker is terminated at the time limit and the next photo is read by a fresh one', async () => {
    // straight to the worker, past the container check: the endless loop really runs, and only the worker stops
    const pool = new TaskPool<{ bytes: Uint8Array }, unknown>(
      { module: require.resolve('./photo-worker'), exportName: 'readExifTags' },
      { size: 1, timeoutMs: 500, maxQueue: 2 },
    );
    try {
      let ticks = 0;
      const timer = setInterval(() => {
        ticks++;
      }, 5);
      const hung = pool.run({ bytes: new Uint8Array(heicWithZeroLengthBox()) });
      const queued = pool.run({ bytes: new Uint8Array(jpegWithExif({ dateTimeOriginal: '2025:06:01 12:00:00' })) });
      await expect(hung).rejects.toMatchObject({ kind: 'timeout' });
      clearInterval(timer);
      expect(ticks).toBeGreaterThan(0); // this thread's event loop kept running while the worker spun
      await expect(queued).resolves.toEqual({ dateTimeOriginal: '2025:06:01 12:00:00', offsetTimeOriginal: null });
      expect(pool.timeouts).toBe(1);
    } finally {
      await pool.close();
    }
  });

  test('a full queue is refused at once as busy', async () => {
    const pool = new TaskPool<{ bytes: Uint8Array }, unknown>(
      { module: require.resolve('./photo-worker'), exportName: 'readExifTags' },
      { size: 1, timeoutMs: 300, maxQueue: 1 },
    );
    try {
      const hang = () => pool.run({ bytes: new Uint8Array(heicWithZeroLengthBox()) });
      const first = hang();
      const second = hang();
      await expect(hang()).rejects.toMatchObject({ kind: 'busy' });
      await expect(first).rejects.toMatchObject({ kind: 'timeout' });
      await expect(second).rejects.toMatchObject({ kind: 'timeout' });
    } finally {
      await pool.close();
    }
  });
});
