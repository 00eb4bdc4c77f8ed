#!/usr/bin/env node
/**
 * `npm run test:org -- --target-org ALIAS`: runs the real-org scenarios against ALIAS (a scratch
 * org or sandbox from `sf org login`). Exit code: jest's.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const args = process.argv.slice(2);
const at = args.findIndex((a) => a === '--target-org' || a === '-o');
const alias = at >= 0 ? args[at + 1] : undefined;
if (!alias) {
  process.stderr.write(
    'usage: npm run test:org -- --target-org ALIAS   (a scratch org or sandbox; production is refused)\n',
  );
  process.exit(2);
}
const root = join(__dirname, '..', '..');
const jest = join(root, 'node_modules', '.bin', 'jest');
const result = spawnSync(jest, ['--config', join(root, 'jest.org.config.js'), '--runInBand'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, RECO_TEST_TARGET_ORG: alias },
});
process.exit(result.status ?? 1);
