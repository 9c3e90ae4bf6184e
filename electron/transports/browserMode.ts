// Browser mode: one process holds the project and serves the UI on loopback.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { EventEmitter } from 'node:events';
import { Project } from '../services/project.js';
import { createBackend, dispatch } from '../api/handlers.js';
import { startHttpTransport, type HttpTransport } from './http.js';
import type { BackendEvent } from '../../shared/types.js';

export interface BrowserModeOptions {
  projectFile: string;
  port?: number;
  staticDir?: string;
  token?: string;
  readOnly?: boolean;
  /** an encrypted project's passphrase, asked by `weft serve` before serving (the page never sees it) */
  passphrase?: string;
}

/** The built renderer: next to the bundled CLI (dist/cli → dist/renderer) or from the source tree. */
export function findRendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../renderer'), path.resolve(here, '../../dist/renderer')];
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'index.html')));
  if (!found) throw new Error('the UI is not built; run "npm run build"');
  return found;
}

export async function startBrowserMode(options: BrowserModeOptions): Promise<HttpTransport & { project: Project }> {
  const project = Project.open(options.projectFile, { readOnly: options.readOnly, passphrase: options.passphrase });
  const bus = new EventEmitter();
  const backend = createBackend(project, (e: BackendEvent) => bus.emit('event', e));
  try {
    const transport = await startHttpTransport({
      token: options.token ?? randomBytes(24).toString('base64url'),
      port: options.port,
      staticDir: options.staticDir ?? findRendererDir(),
      call: (method, params) => dispatch(backend, method, params),
      subscribe: (listener) => {
        bus.on('event', listener);
        return () => bus.off('event', listener);
      },
    });
    return {
      ...transport,
      project,
      close: async () => {
        await transport.close();
        project.close();
      },
    };
  } catch (e) {
    project.close();
    throw e;
  }
}
