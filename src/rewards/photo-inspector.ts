// What a proof upload is, judged without trusting it: the type from its magic bytes, its container's structure,
// then (in a worker thread with a hard time limit: photo-worker.ts on the task pool) its EXIF date, the decoded
// picture, its perceptual hash, a copy without metadata and the object detector's findings.
import { AppError } from '../platform/errors';
import { TaskError, TaskPool } from '../platform/task-pool';
import { containerProblem } from './image-container';
import { detectImageType, photoDateOf, type ImageType, type PhotoDate } from './photo';
import type { PhotoFacts } from './photo-worker';

export interface InspectedPhoto {
  type: ImageType;
  taken: PhotoDate | null;
  facts: PhotoFacts;
}

export interface PhotoInspectorOptions {
  workers: number;
  timeoutMs: number;
  maxQueue: number;
  detector: boolean;
}

export interface PhotoInspector {
  inspect(photo: Buffer): Promise<InspectedPhoto>;
  /** tasks the time limit ended (a parser that hung) */
  timeouts(): number;
  close(): Promise<void>;
}

export function createPhotoInspector(opts: PhotoInspectorOptions): PhotoInspector {
  let pool: TaskPool<{ bytes: Uint8Array; detect: boolean }, PhotoFacts> | undefined; // workers start with the first upload
  const photoPool = () =>
    (pool ??= new TaskPool(
      {
        module: require.resolve('./photo-worker'),
        exportName: 'inspectPhoto',
        warmUp: opts.detector ? 'warmUpPhotoWorker' : undefined,
      },
      { size: opts.workers, timeoutMs: opts.timeoutMs, maxQueue: opts.maxQueue, maxHeapMb: 512 },
    ));
  return {
    async inspect(photo) {
      const type = detectImageType(photo);
      if (!type) throw new AppError(415, 'not_an_image', 'the upload is not a JPEG, PNG, WebP or HEIC image');
      const problem = containerProblem(photo, type);
      if (problem)
        throw new AppError(422, 'malformed_image', `the ${type.toUpperCase()} file is malformed: ${problem}`, { type });
      try {
        const facts = await photoPool().run({ bytes: new Uint8Array(photo), detect: opts.detector });
        return { type, taken: photoDateOf(facts.exif), facts };
      } catch (err) {
        if (err instanceof TaskError && err.kind === 'busy') {
          throw new AppError(503, 'busy', 'too many photos are being checked right now, try again shortly', undefined, {
            'Retry-After': '2',
          });
        }
        if (err instanceof TaskError && err.kind === 'timeout') {
          throw new AppError(422, 'unreadable_image', `the ${type.toUpperCase()} file could not be read in time`, {
            type,
          });
        }
        throw err;
      }
    },
    timeouts: () => pool?.timeouts ?? 0,
    close: async () => {
      await pool?.close();
    },
  };
}
