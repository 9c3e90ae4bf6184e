// Entry for `npm run bench`: bundles tests/bench/bench.ts with esbuild (as
// electron/build.mjs bundles the app) and runs it. The bundle goes under
// node_modules/.cache so better-sqlite3 and playwright-core resolve as usual.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outfile = path.join(root, 'node_modules', '.cache', 'weft-bench', 'bench.mjs');

await build({
  entryPoints: [path.join(root, 'tests/bench/bench.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  sourcemap: 'inline',
  external: ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'playwright-core', 'electron'],
  // the e2e harness finds the repository from its own location in tests/
  define: { 'import.meta.url': JSON.stringify(pathToFileURL(path.join(root, 'tests', 'reference.ts')).href) },
  banner: { js: "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});

const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
