// Writing an export from the command line, recorded in the project's audit
// trail (who exported what: file name, format, rows). An export the trail
// can't record is removed again and refused.
import path from 'node:path';
import { writeFileAtomic } from '../services/qdpxExport.js';
import { auditExport } from '../services/audit.js';
import { openProject } from './args.js';

export function writeAuditedExport(projectFile: string, out: string, content: Uint8Array | string, details: { rows?: number; [key: string]: unknown } = {}): void {
  writeFileAtomic(out, content);
  const project = openProject(projectFile, true);
  try {
    auditExport(project, out, { format: path.extname(out).slice(1).toLowerCase(), bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength, ...details });
  } finally {
    project.close();
  }
}
