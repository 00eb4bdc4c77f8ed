#!/usr/bin/env node
'use strict';
// npm's `prepare`: builds dist/ (tsc, then the compiled validators) on `npm ci` / `npm install`.
// `npx reco-sf` in this project runs the project's own bin: npm (libnpmexec) installs the project
// into its npx cache as a link, and that install runs `prepare` here again (npm_command=exec), a
// full build of ~35 s before the first npx of every clone. dist/ is already built then: skip it.
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
if (process.env.npm_command === 'exec' && existsSync(join(root, 'dist', 'scripts', 'cli.js')))
  process.exit(0);
const run = (args) => execFileSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
run([require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
run([join(root, 'dist', 'scripts', 'build', 'compile-validators.js')]);
