#!/usr/bin/env node
// Entry for `npx weft`. Projects are opened with better-sqlite3 13, which needs
// Node >= 22; under an older Node this re-runs itself with the Node 22 that the
// `node` devDependency installs.
'use strict';
const path = require('node:path');
const fs = require('node:fs');

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  let node22;
  try {
    node22 = path.join(path.dirname(require.resolve('node/package.json', { paths: [__dirname] })), 'bin', 'node');
  } catch {
    process.stderr.write(`weft: Node ${process.versions.node} is too old (22 or newer is needed); run "npm install" in the Weft folder\n`);
    process.exit(1);
  }
  const { spawn } = require('node:child_process');
  const child = spawn(node22, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code === null ? 1 : code));
  return;
}

const bundle = path.join(__dirname, '..', '..', 'dist', 'cli', 'weft.mjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('weft: not built yet; run "npm run build" in the Weft folder\n');
  process.exit(1);
}
// `weft … | head` closes the pipe early: stop quietly, as other command-line tools do
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(0);
    throw e;
  });
}
import(require('node:url').pathToFileURL(bundle).href).then((m) => m.main());
