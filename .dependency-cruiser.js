// The layering of src/ as rules (run by scripts/test.sh): lower floors never import higher ones, so a request walks
// down and back once. Floors, lowest first: core -> korean -> platform -> limits, search -> the capabilities ->
// compose/app/main. Tests, scripts and tools may import anything; src never imports them.
const CAPABILITIES = '(songs|products|catalogs|events|trending|users|recs|rooms|arrivals|rewards|searchlogs|jobs|web)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'modules that import each other, directly or around a loop',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'src-not-tools',
      severity: 'error',
      comment: 'runtime code never needs fixtures, synthetic data, tests or scripts',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(tools|tests|scripts)/' },
    },
    {
      name: 'core-imports-nothing',
      severity: 'error',
      comment: 'core holds the shared nouns of the domain, below everything',
      from: { path: '^src/core/' },
      to: { path: '^src/(?!core/)' },
    },
    {
      name: 'korean-is-a-library',
      severity: 'error',
      comment: 'the Hangul text library knows no service',
      from: { path: '^src/korean/' },
      to: { path: '^src/(?!(korean|core)/)' },
    },
    {
      name: 'platform-below-capabilities',
      severity: 'error',
      comment: 'platform is what every capability stands on; it names none (the composition root does)',
      from: { path: '^src/platform/' },
      to: { path: `^src/(${CAPABILITIES.slice(1, -1)}|search|limits|compose|app|main)` },
    },
    {
      name: 'limits-below-capabilities',
      severity: 'error',
      from: { path: '^src/limits/' },
      to: { path: `^src/(${CAPABILITIES.slice(1, -1)}|search|compose|app|main)` },
    },
    {
      name: 'search-pipeline-stands-alone',
      severity: 'error',
      comment:
        'the search pipeline (parse, plan, execute, present) reads only core, korean and platform: a songs search walks routes -> search -> back, never into another capability',
      from: { path: '^src/search/', pathNot: '\\.test\\.ts$' },
      to: { path: `^src/(${CAPABILITIES.slice(1, -1)}|limits|compose|app|main)` },
    },
    {
      name: 'search-builders-read-keys-only',
      severity: 'error',
      comment:
        'the query builders assemble keys computed once in readings.ts; they never compute Hangul keys themselves',
      from: { path: '^src/search/(song-query|song-keystroke|product-query|song-facets)\\.ts$' },
      to: { path: '^src/korean/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'events-never-import-songs',
      severity: 'error',
      comment: "recording a search is the route's step after the answer: no songs -> events -> songs loop",
      from: { path: '^src/events/' },
      to: { path: '^src/(songs|products|search/(?!readings))', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-imports-the-root',
      severity: 'error',
      comment: 'compose, app and main sit on top',
      from: { path: '^src/(?!(compose|app|main)\\.ts$)', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(compose|app|main)\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '(^node_modules|^dist|__snapshots__)' },
  },
};
