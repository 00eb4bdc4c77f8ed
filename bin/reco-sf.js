#!/usr/bin/env node
'use strict';
// Node 22.1 and later keep V8's compiled code of the modules a run loads in the OS temp folder, so
// the next run skips compiling them (as TypeScript's own launcher does); Node 20 has no such cache.
require('node:module').enableCompileCache?.();
// Thin launcher: the compiled CLI lives in dist/ (built by `npm ci` through the prepare script).
require('../dist/scripts/cli.js')
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
