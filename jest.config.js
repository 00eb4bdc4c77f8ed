/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Real-org scenarios run only through `npm run test:org -- --target-org ALIAS` (jest.org.config.js).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/org-mode/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // End-to-end tests spawn the real sf CLI (~3 s a call) and our emulator.
  testTimeout: 120000,
  maxWorkers: 2,
  // No @salesforce/core log-file thread in tests (see the file).
  setupFiles: ['<rootDir>/test/setup/env.ts'],
  // Goldens and snapshots are only written with UPDATE_GOLDEN=1 (see README, "Tests").
  setupFilesAfterEnv: ['<rootDir>/test/setup/goldens.ts'],
  // A run writes nothing into the repository (goldens only with UPDATE_GOLDEN=1): see the file.
  globalSetup: '<rootDir>/test/setup/repo-guard-setup.ts',
  globalTeardown: '<rootDir>/test/setup/repo-guard-teardown.ts',
};
