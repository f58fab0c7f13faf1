// Tests talk to the real stack that scripts/test.sh brings up; runInBand keeps index/db state predictable.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
    // stream-json and stream-chain ship ES modules only: compiled to CommonJS for jest's module loader (node itself
    // loads them with require)
    '/node_modules/(stream-json|stream-chain)/.+\\.js$': [
      'ts-jest',
      { diagnostics: false, tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022', isolatedModules: true } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(stream-json|stream-chain)/)'],
  // the 3-node cluster failover test starts three more Elasticsearch nodes (over two minutes on 2 cores): a heavy
  // check, run with `npm run test:cluster` (NORAE_HEAVY_TESTS=1), so the README's test command stays under 10 minutes
  testPathIgnorePatterns: [
    '/node_modules/',
    ...(process.env.NORAE_HEAVY_TESTS === '1' ? [] : ['/tests/ops/es-cluster\\.test\\.ts$']),
  ],
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/tools/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  testTimeout: 30000,
  // a lingering reconnect timer (e.g. a client pointed at a down service) must not keep CI waiting
  forceExit: true,
};
