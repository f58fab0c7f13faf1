import { createProgressLine } from './progress';

function output(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, out: { isTTY, write: (c: string) => chunks.push(c) } };
}

test('on a terminal every step rewrites the same line, and done moves past it', () => {
  const { chunks, out } = output(true);
  const p = createProgressLine(out, '[reindex]');
  p.update('2000 rows');
  p.update('4000 rows');
  p.done('4000 rows in 2 s');
  expect(chunks).toEqual([
    '\r[reindex] 2000 rows\x1b[K',
    '\r[reindex] 4000 rows\x1b[K',
    '\n',
    '[reindex] 4000 rows in 2 s\n',
  ]);
});

test('in a log each step is its own plain line, without carriage returns or escape codes', () => {
  const { chunks, out } = output(false);
  let t = 0;
  const p = createProgressLine(out, '[ingest]', { now: () => t, minIntervalMs: 1000 });
  p.update('a');
  t = 1000;
  p.update('b');
  t = 2500;
  p.update('c');
  p.done('summary');
  expect(chunks).toEqual(['[ingest] a\n', '[ingest] b\n', '[ingest] c\n', '[ingest] summary\n']);
  expect(chunks.join('')).not.toMatch(/[\r\x1b]/);
});

test('in a log, steps closer than the interval collapse, and the last one is still printed at done', () => {
  const { chunks, out } = output(false);
  let t = 0;
  const p = createProgressLine(out, '[bench]', { now: () => t, minIntervalMs: 1000 });
  for (let i = 1; i <= 5; i++) {
    t = i * 100;
    p.update(`${i}`);
  }
  p.done();
  expect(chunks).toEqual(['[bench] 1\n', '[bench] 5\n']);
});
