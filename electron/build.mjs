// Builds the Node side with esbuild (CLI, Electron main, preload, backend
// process) and the renderer with Vite, into dist/.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const external = ['better-sqlite3', 'better-sqlite3-multiple-ciphers', 'electron'];
// ESM bundles of CommonJS dependencies need a real `require`
const esmBanner = "import { createRequire as __weftCreateRequire } from 'node:module'; const require = __weftCreateRequire(import.meta.url);";

// CommonJS bundles get import.meta.url from their own file name
const cjs = {
  format: 'cjs',
  define: { 'import.meta.url': '__weftImportMetaUrl' },
  banner: { js: "const __weftImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, external, logLevel: 'warning', absWorkingDir: root };

await Promise.all([
  build({ ...common, entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli/weft.mjs', format: 'esm', banner: { js: esmBanner } }),
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', ...cjs }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs' }),
  build({ ...common, entryPoints: ['electron/backendProcess.ts'], outfile: 'dist/electron/backend.cjs', ...cjs }),
  // worker threads of the CLI and the backend, found at ../workers/ from either
  build({ ...common, entryPoints: ['electron/workers/import.ts'], outfile: 'dist/workers/import.mjs', format: 'esm', banner: { js: esmBanner } }),
]);
await viteBuild({ configFile: path.join(root, 'renderer/vite.config.ts'), logLevel: 'warn' });
console.log('built dist/');
