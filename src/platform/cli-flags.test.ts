import { FlagError, parseFlags } from './cli-flags';

test('defaults give each flag its type; given values replace them; the rest are positionals', () => {
  const defaults = { songs: 1000, out: 'x.ndjson', sync: false };
  expect(parseFlags(defaults, [])).toEqual({ flags: { songs: 1000, out: 'x.ndjson', sync: false }, positionals: [] });
  expect(parseFlags(defaults, ['songs', '--songs', '50', '--sync', 'more', '--out=y.ndjson'])).toEqual({
    flags: { songs: 50, out: 'y.ndjson', sync: true },
    positionals: ['songs', 'more'],
  });
});

test('an unknown flag or a non-number is an error naming the flag', () => {
  expect(() => parseFlags({ songs: 1 }, ['--sngs', '5'])).toThrow(FlagError);
  expect(() => parseFlags({ songs: 1 }, ['--songs', 'many'])).toThrow('--songs must be a number (got "many")');
  expect(() => parseFlags({ songs: 1 }, ['--songs'])).toThrow(FlagError);
});
