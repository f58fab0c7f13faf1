import { Batcher } from './batcher';

describe('Batcher', () => {
  test('writes a full batch at once and the rest on flush', async () => {
    const written: number[][] = [];
    const b = new Batcher<number>({ maxItems: 3, flushMs: 60_000, write: async (items) => { written.push(items); } });
    for (let i = 1; i <= 4; i++) b.add(i);
    await b.flush();
    expect(written).toEqual([[1, 2, 3], [4]]);
    expect(b.pending).toBe(0);
  });

  test('writes on its own after flushMs', async () => {
    const written: number[][] = [];
    const b = new Batcher<number>({ maxItems: 100, flushMs: 20, write: async (items) => { written.push(items); } });
    b.add(1); b.add(2);
    await new Promise((r) => setTimeout(r, 60));
    expect(written).toEqual([[1, 2]]);
  });

  test('a failed write keeps the items for the next flush', async () => {
    let fail = true;
    const written: number[][] = [];
    const errors: number[] = [];
    const b = new Batcher<number>({
      maxItems: 10, flushMs: 60_000,
      write: async (items) => { if (fail) throw new Error('down'); written.push(items); },
      onError: (_e, n) => errors.push(n),
    });
    b.add(1); b.add(2);
    await b.flush();
    expect(errors).toEqual([2]);
    expect(b.pending).toBe(2);
    fail = false;
    await b.flush();
    expect(written).toEqual([[1, 2]]);
  });

  test('drops the oldest items past maxBuffered', async () => {
    const b = new Batcher<number>({ maxItems: 100, flushMs: 60_000, maxBuffered: 3, write: async () => { throw new Error('down'); } });
    for (let i = 1; i <= 5; i++) b.add(i);
    expect(b.pending).toBe(3);
    expect(b.dropped).toBe(2);
  });
});
