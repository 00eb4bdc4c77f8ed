/**
 * `npm run test:org -- --target-org ALIAS`: the real-org scenarios only (test/org-mode), one at a
 * time, with a real org's timings. Not part of `npm test` (jest.config.js ignores test/org-mode).
 * @type {import('jest').Config}
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/test/org-mode/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 900000,
  maxWorkers: 1,
};
