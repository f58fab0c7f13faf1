import fs from 'node:fs';
import { chartRowValidator, parseChartMonth, SAMPLE_CHART_FILES } from './charts';
import { readCatalogFile } from '../platform/catalog-reader';

describe('parseChartMonth', () => {
  test.each([
    ['2026-10', '2026-10-01'],
    ['2026-1', '2026-01-01'],
    ['2026.10', '2026-10-01'],
    ['2026-10-01', '2026-10-01'],
    ['2026-13', undefined],
    ['2026-00', undefined],
    ['2026-10-15', undefined],
    ['10/2026', undefined],
    ['', undefined],
  ])('%s -> %s', (raw, month) => expect(parseChartMonth(raw)).toBe(month));
});

describe('chartRowValidator', () => {
  const row = (o: Record<string, unknown>) => ({ brand: 'tj', month: '2026-10', rank: '1', number: '12345', ...o });

  test('accepts brand names the catalogs use, rank as text or number, number or no', () => {
    const v = chartRowValidator();
    expect(v(row({}))).toEqual({
      key: 'place:tj 2026-10 #1',
      row: { brand: 'tj', month: '2026-10-01', rank: 1, no: '12345' },
    });
    expect(v(row({ brand: 'kumyoung', rank: 2, number: undefined, no: '777' }))).toMatchObject({
      row: { brand: 'ky', rank: 2, no: '777' },
    });
  });

  test.each([
    [{ brand: 'joysound' }, 'brand'],
    [{ month: '2026-13' }, 'month'],
    [{ rank: '0' }, 'rank'],
    [{ rank: '101' }, 'rank'],
    [{ rank: '1.5' }, 'rank'],
    [{ number: '' }, 'missing'],
    [{ number: '12a45' }, 'digits'],
  ])('refuses %j with a reason about %s', (o, word) => {
    const v = chartRowValidator();
    const r = v(row(o));
    expect('reason' in r && r.reason).toEqual(expect.stringContaining(word));
  });

  test('one number holds one place per brand and month', () => {
    const v = chartRowValidator();
    v(row({}));
    expect(v(row({ rank: '2' }))).toEqual({ reason: 'number 12345 is already at rank 1 of tj 2026-10' });
    expect(v(row({ rank: '2', brand: 'ky' }))).toHaveProperty('row');
    expect(v(row({ rank: '2', month: '2026-11' }))).toHaveProperty('row');
  });
});

describe('the sample charts', () => {
  test('every row is valid and names a number of the sample catalogs', async () => {
    const numbers = new Set<string>();
    for (const r of JSON.parse(
      fs.readFileSync(SAMPLE_CHART_FILES[0].replace('charts-tj.csv', 'tj.json'), 'utf8'),
    ) as Array<{ no: string }>)
      numbers.add(`tj ${r.no}`);
    for (const line of fs
      .readFileSync(SAMPLE_CHART_FILES[0].replace('charts-tj.csv', 'ky.csv'), 'utf8')
      .split('\n')
      .slice(1))
      if (line) numbers.add(`ky ${line.split(',')[1]}`);
    let rows = 0;
    for (const file of SAMPLE_CHART_FILES) {
      const v = chartRowValidator();
      for await (const rec of readCatalogFile(file)) {
        const r = v(rec.fields);
        if (!('row' in r)) throw new Error(`${file} line ${rec.line}: ${r.reason}`);
        expect(numbers.has(`${r.row.brand} ${r.row.no}`)).toBe(true);
        rows++;
      }
    }
    expect(rows).toBe(400);
  });
});
