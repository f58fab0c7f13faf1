// A saved TJ newSongOfMonth answer (the JSON envelope, about 17 MB for the whole catalog) read from a file as the
// one page the live API would have answered. Parsed whole: a few times the file's size in memory, once.
import fs from 'node:fs/promises';
import type { SourcePage } from './source';
import { parseNewSongOfMonth } from './tj-source';

/** Larger files are refused rather than read (the whole catalog is about 17 MB). */
export const TJ_DUMP_MAX_BYTES = 256 * 1024 * 1024;

/** The saved answer as one page; a maintenance page, "no data" or a wrong shape saved by mistake is an error. */
export async function* readTjDump(file: string, maxBytes = TJ_DUMP_MAX_BYTES): AsyncGenerator<SourcePage> {
  const { size } = await fs.stat(file);
  if (size > maxBytes) throw new RangeError(`${file} is ${size} bytes, more than the ${maxBytes} a TJ answer may be`);
  yield parseNewSongOfMonth(await fs.readFile(file, 'utf8'), file, false);
}
