/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
  },
  // End-to-end tests spawn the real sf CLI (~3 s a call) and our emulator.
  testTimeout: 120000,
  maxWorkers: 2,
  // Goldens and snapshots are only written with UPDATE_GOLDEN=1 (see README, "Tests").
  setupFilesAfterEnv: ['<rootDir>/test/setup/goldens.ts'],
};
