import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readKyDump, readKyDumpChunks } from './ky-dump';
import { SourceError, type SourcePage } from './source';
import { readTjDump } from './tj-dump';

async function collect(pages: AsyncIterable<SourcePage>): Promise<SourcePage[]> {
  const out: SourcePage[] = [];
  for await (const p of pages) out.push(p);
  return out;
}
const from = (text: string) =>
  (async function* () {
    yield text;
  })();

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'norae-dumps-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('KY CSV dump', () => {
  const csv =
    '\uFEFF번호,제목,가수,작곡,작사\r\n' +
    '1001,좋은 날,아이유,이민수 작곡,  김이나 작사\r\n' +
    '1002,"사랑, 그 놈",바비킴,,\r\n' +
    ',번호 없음,누구,,\r\n' +
    '1004,밤편지,아이유,김희원,김이나\r\n' +
    '1005,   ,공백,,\r\n';

  test('rows become songs in pages; credits lose padding and role words; bad rows are rejected with their line', async () => {
    const pages = await collect(readKyDumpChunks(from(csv), 'dump.csv', null, { pageSize: 2 }));
    expect(pages.map((p) => [p.songs.map((s) => s.no), p.rejected.map((r) => r.reason), p.next])).toEqual([
      [['1001', '1002'], [], '2'],
      [['1004'], ['line 4: no number'], '4'],
      [[], ['line 6: title is only spaces'], null],
    ]);
    expect(pages[0].songs[0]).toMatchObject({
      brand: 'ky',
      title: '좋은 날',
      composer: '이민수',
      lyricist: '김이나',
      mayBeCut: false,
    });
    expect(pages[0].songs[1].title).toBe('사랑, 그 놈');
  });

  test('a resume skips the records already stored', async () => {
    const pages = await collect(readKyDumpChunks(from(csv), 'dump.csv', '4', { pageSize: 2 }));
    expect(pages).toHaveLength(1);
    expect(pages[0].rejected.map((r) => r.reason)).toEqual(['line 6: title is only spaces']);
  });

  test("a file without the dump's columns is a wrong shape; one without rows has no data", async () => {
    await expect(collect(readKyDumpChunks(from('no,title\n1,a\n'), 'x.csv'))).rejects.toMatchObject({
      kind: 'bad_shape',
    });
    await expect(collect(readKyDumpChunks(from('번호,제목,가수,작곡,작사\n'), 'x.csv'))).rejects.toMatchObject({
      kind: 'no_data',
    });
  });

  test('read from a file, the last page is the one with no next', async () => {
    const file = path.join(dir, 'ky.csv');
    fs.writeFileSync(
      file,
      `번호,제목,가수,작곡,작사\n${Array.from({ length: 4500 }, (_, k) => `${10000 + k},노래${k},가수${k},,`).join('\n')}\n`,
    );
    const pages = await collect(readKyDump(file));
    expect(pages.map((p) => [p.songs.length, p.next])).toEqual([
      [2000, '2000'],
      [2000, '4000'],
      [500, null],
    ]);
  });
});

describe('TJ saved answer', () => {
  test('a saved newSongOfMonth answer is one page of songs', async () => {
    const file = path.join(dir, 'tj.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        resultCode: '99',
        resultMsg: '성공',
        resultData: {
          items: [
            {
              pro: 10001,
              indexTitle: '좋은 날',
              indexSong: '아이유',
              word: '김이나',
              com: '이민수',
              icongubun: '',
              mv_yn: 'Y',
              publishdate: '2010-12-09',
            },
            { pro: '', indexTitle: 'x', indexSong: 'y' },
          ],
        },
      }),
    );
    const [page, ...rest] = await collect(readTjDump(file));
    expect(rest).toEqual([]);
    expect(page.songs.map((s) => [s.no, s.title, s.marks])).toEqual([['10001', '좋은 날', ['MV']]]);
    expect(page.rejected.map((r) => r.reason)).toEqual(['no number']);
    expect(page.next).toBeNull();
  });

  test('a saved maintenance page or a "no data" answer is an error, not an empty catalog', async () => {
    const html = path.join(dir, 'maintenance.json');
    fs.writeFileSync(html, '<html><body>점검 중</body></html>');
    const err = await collect(readTjDump(html)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceError);
    expect((err as SourceError).kind).toBe('maintenance');
    const none = path.join(dir, 'none.json');
    fs.writeFileSync(none, JSON.stringify({ resultCode: '98', resultMsg: '데이터 없음', resultData: null }));
    await expect(collect(readTjDump(none))).rejects.toMatchObject({ kind: 'no_data' });
    await expect(collect(readTjDump(none, 10))).rejects.toThrow(/more than the 10/);
  });
});
