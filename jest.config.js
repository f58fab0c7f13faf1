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
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/tools/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  testTimeout: 30000,
  // a lingering reconnect timer (e.g. a client pointed at a down service) must not keep CI waiting
  forceExit: true,
};
