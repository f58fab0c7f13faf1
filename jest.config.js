// Tests talk to the real stack that scripts/test.sh brings up; runInBand keeps index/db state predictable.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
  reporters: ['default', '<rootDir>/tests/summary-reporter.js'],
  testTimeout: 30000,
};
