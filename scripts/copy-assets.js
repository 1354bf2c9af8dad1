#!/usr/bin/env node
/**
 * Build step (after tsc): copies every Handlebars template under src/ to the same relative path under
 * dist/src/, where the compiled code looks for it (__dirname-relative). Plain CommonJS, no dependencies.
 */
/* global require, __dirname, process */
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS on purpose: runs with bare node */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const srcDir = path.join(root, 'src');
const outDir = path.join(root, 'dist', 'src');

function* templates(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* templates(full);
    else if (entry.isFile() && entry.name.endsWith('.hbs')) yield full;
  }
}

let count = 0;
for (const file of templates(srcDir)) {
  const target = path.join(outDir, path.relative(srcDir, file));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(file, target);
  count += 1;
}
process.stdout.write(`copied ${count} template files\n`);
