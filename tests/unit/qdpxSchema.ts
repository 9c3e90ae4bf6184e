// Validation of a project.qde against the official REFI-QDA 1.0 project schema.
import fs from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { reference } from '../reference.js';

let xsd: string | null = null;

/** The schema's error messages; empty when the file is valid. */
export async function validateQde(xml: string): Promise<string[]> {
  xsd ??= fs.readFileSync(reference('refi-qda', 'Project-mrt2019.xsd'), 'utf8');
  const r = await validateXML({ xml: [{ fileName: 'project.qde', contents: xml }], schema: [{ fileName: 'Project.xsd', contents: xsd }], maxMemoryPages: 16384 });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}

let codebookXsd: string | null = null;

/** The same for a .qdc against the official codebook schema. */
export async function validateQdc(xml: string): Promise<string[]> {
  codebookXsd ??= fs.readFileSync(reference('refi-qda', 'Codebook-mrt2019.xsd'), 'utf8');
  const r = await validateXML({ xml: [{ fileName: 'codebook.qdc', contents: xml }], schema: [{ fileName: 'Codebook.xsd', contents: codebookXsd }], maxMemoryPages: 16384 });
  return r.valid ? [] : r.errors.map((e) => e.rawMessage);
}
