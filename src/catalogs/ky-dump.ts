// A public offline KY dump (CSV with the columns 번호, 제목, 가수, 작곡, 작사) read as source pages, so a first
// import or a sync can start from a file instead of walking the book.
import fs from 'node:fs';
import { readCsvRecords } from '../platform/catalog-reader';
import { type SourcePage, SourceError } from './source';
import { songOrRejected, stripCreditSuffix } from './source-text';

export const KY_DUMP_COLUMNS = {
  no: '번호',
  title: '제목',
  singer: '가수',
  composer: '작곡',
  lyricist: '작사',
} as const;
export const KY_DUMP_PAGE_SIZE = 2000;

export interface KyDumpOptions {
  pageSize?: number;
}

/**
 * The dump's rows as pages of `pageSize`; a page's `next` is the count of records read so far, so a resume skips
 * them. Bad rows are rejected with their line; a file without the columns is a wrong shape.
 */
export async function* readKyDumpChunks(
  chunks: AsyncIterable<string | Buffer>,
  label: string,
  resumeFrom?: string | null,
  options: KyDumpOptions = {},
): AsyncGenerator<SourcePage> {
  const pageSize = options.pageSize ?? KY_DUMP_PAGE_SIZE;
  const skip = /^\d+$/.test(resumeFrom ?? '') ? Number(resumeFrom) : 0;
  let read = 0;
  let page: SourcePage = { songs: [], rejected: [], next: null, label: '' };
  let checkedHeader = false;
  for await (const record of readCsvRecords(chunks)) {
    if (!checkedHeader) {
      const missing = Object.values(KY_DUMP_COLUMNS).filter((c) => !(c in record.fields));
      if (missing.length)
        throw new SourceError(
          'bad_shape',
          `${label} lacks the column(s) ${missing.join(', ')} (a KY dump has 번호, 제목, 가수, 작곡, 작사)`,
          { missing },
        );
      checkedHeader = true;
    }
    read++;
    if (read <= skip) continue;
    // a full page goes out only once another record exists, so the last page is the one whose next is null
    if (page.songs.length + page.rejected.length >= pageSize) {
      yield { ...page, next: String(read - 1), label: `${label} rows ${read - pageSize}-${read - 1}` };
      page = { songs: [], rejected: [], next: null, label: '' };
    }
    const f = record.fields;
    const r = songOrRejected(
      'ky',
      {
        no: f[KY_DUMP_COLUMNS.no],
        title: f[KY_DUMP_COLUMNS.title],
        singer: f[KY_DUMP_COLUMNS.singer],
        composer: stripCreditSuffix(f[KY_DUMP_COLUMNS.composer], '작곡'),
        lyricist: stripCreditSuffix(f[KY_DUMP_COLUMNS.lyricist], '작사'),
      },
      { line: record.line, ...f },
    );
    if ('song' in r) page.songs.push(r.song);
    else page.rejected.push({ reason: `line ${record.line}: ${r.rejected.reason}`, raw: r.rejected.raw });
  }
  if (read === 0) throw new SourceError('no_data', `${label} has no rows`, {});
  const first = Math.max(skip, read - page.songs.length - page.rejected.length) + 1;
  yield { ...page, next: null, label: `${label} rows ${first}-${read}` };
}

/** readKyDumpChunks over a file. */
export function readKyDump(
  file: string,
  resumeFrom?: string | null,
  options: KyDumpOptions = {},
): AsyncGenerator<SourcePage> {
  return readKyDumpChunks(fs.createReadStream(file, { highWaterMark: 64 * 1024 }), file, resumeFrom, options);
}
