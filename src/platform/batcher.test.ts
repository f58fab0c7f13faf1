import { Batcher } from './batcher';

class BadRow extends Error {}
const isBadInput = (err: unknown) => err instanceof BadRow;

describe('Batcher', () => {
  afterEach(() => jest.useRealTimers());

  test('writes a full batch at once and the rest on flush', async () => {
    const written: number[][] = [];
    const b = new Batcher<number>({
      maxItems: 3,
      flushMs: 60_000,
      write: async (items) => {
        written.push(items);
      },
    });
    for (let i = 1; i <= 4; i++) b.add(i);
    await b.flush();
    expect(written).toEqual([[1, 2, 3], [4]]);
    expect(b.pending).toBe(0);
  });

  test('writes on its own after flushMs', async () => {
    jest.useFakeTimers();
    const written: number[][] = [];
    const b = new Batcher<number>({
      maxItems: 100,
      flushMs: 20,
      write: async (items) => {
        written.push(items);
      },
    });
    b.add(1);
    b.add(2);
    jest.advanceTimersByTime(19);
    await b.idle();
    expect(written).toEqual([]);
    jest.advanceTimersByTime(1);
    await b.idle();
    expect(written).toEqual([[1, 2]]);
  });

  test('a failed write keeps the items for the next flush', async () => {
    let fail = true;
    const written: number[][] = [];
    const errors: number[] = [];
    const b = new Batcher<number>({
      maxItems: 10,
      flushMs: 60_000,
      write: async (items) => {
        if (fail) throw new Error('down');
        written.push(items);
      },
      onError: (_e, n) => errors.push(n),
    });
    b.add(1);
    b.add(2);
    await b.flush();
    expect(errors).toEqual([2]);
    expect(b.pending).toBe(2);
    fail = false;
    await b.flush();
    expect(written).toEqual([[1, 2]]);
    expect(b.stats()).toEqual({ pending: 0, written: 2, rejected: 0, dropped: 0, failedWrites: 1 });
  });

  test('drops the oldest items past maxBuffered', async () => {
    const b = new Batcher<number>({
      maxItems: 100,
      flushMs: 60_000,
      maxBuffered: 3,
      write: async () => {
        throw new Error('down');
      },
    });
    for (let i = 1; i <= 5; i++) b.add(i);
    expect(b.pending).toBe(3);
    expect(b.dropped).toBe(2);
    expect(b.stats().dropped).toBe(2);
  });

  test('bad rows are found by halving, set aside and counted; the rows around them are written', async () => {
    const written: number[] = [];
    const rejected: number[] = [];
    const b = new Batcher<number>({
      maxItems: 8,
      flushMs: 60_000,
      isBadInput,
      write: async (items) => {
        if (items.some((i) => i % 5 === 0)) throw new BadRow('bad');
        written.push(...items);
      },
      onRejected: (_e, item) => rejected.push(item),
    });
    for (let i = 1; i <= 12; i++) b.add(i);
    await b.flush();
    expect(written.sort((a, c) => a - c)).toEqual([1, 2, 3, 4, 6, 7, 8, 9, 11, 12]);
    expect(rejected).toEqual([5, 10]);
    expect(b.setAside).toEqual([5, 10]);
    expect(b.stats()).toEqual({ pending: 0, written: 10, rejected: 2, dropped: 0, failedWrites: 0 });
  });

  test('a dependency failing in the middle of a split keeps the unwritten rows, in order, for the next flush', async () => {
    let down = false;
    let failures = 0;
    const written: number[] = [];
    const b = new Batcher<number>({
      maxItems: 100,
      flushMs: 60_000,
      isBadInput,
      write: async (items) => {
        if (down) throw new Error('connection lost');
        if (items.includes(1)) {
          if (failures++ === 0) down = true;
          throw new BadRow('bad');
        }
        written.push(...items);
      },
    });
    for (let i = 1; i <= 4; i++) b.add(i);
    await b.flush();
    expect(b.stats()).toMatchObject({ pending: 4, written: 0, rejected: 0, failedWrites: 1 });
    down = false;
    await b.flush();
    expect(written).toEqual([2, 3, 4]);
    expect(b.stats()).toMatchObject({ pending: 0, written: 3, rejected: 1 });
  });

  test('a sink that refuses some items itself (bulk APIs) reports them as rejected', async () => {
    const b = new Batcher<number>({
      maxItems: 10,
      flushMs: 60_000,
      write: async (items) => items.filter((i) => i < 0).length,
    });
    [1, -1, 2].forEach((i) => b.add(i));
    await b.flush();
    expect(b.stats()).toMatchObject({ written: 2, rejected: 1 });
  });

  test('close writes what is waiting, reports what a failed final flush lost, and takes no more items', async () => {
    const ok = new Batcher<number>({ maxItems: 100, flushMs: 60_000, write: async () => undefined });
    ok.add(1);
    ok.add(2);
    expect(await ok.close()).toMatchObject({ pending: 0, written: 2 });
    ok.add(3);
    expect(ok.stats()).toMatchObject({ pending: 0, dropped: 1 });
    const down = new Batcher<number>({
      maxItems: 100,
      flushMs: 60_000,
      write: async () => {
        throw new Error('down');
      },
    });
    down.add(1);
    expect(await down.close()).toMatchObject({ pending: 1, written: 0, failedWrites: 1 });
  });
});
