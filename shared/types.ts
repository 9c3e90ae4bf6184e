// Domain types shared by the backend, the CLI and the renderer.
// Every offset is a Unicode code point index, end exclusive.

export type Guid = string;

export interface ProjectInfo {
  guid: Guid;
  name: string;
  path: string;
  createdAt: string;
  schemaVersion: number;
  readOnly: boolean;
  /** encrypted at rest (SQLCipher format) */
  encrypted?: boolean;
}

export interface Coder {
  id: number;
  guid: Guid;
  name: string;
}

export type AttributeType = 'text' | 'number' | 'date' | 'category' | 'boolean';

export interface AttributeDef {
  id: number;
  guid: Guid;
  name: string;
  type: AttributeType;
  /** allowed values for category attributes */
  values: string[];
}

export type DocumentStatus = 'imported' | 'deidentified';

export interface DocumentSummary {
  id: number;
  guid: Guid;
  name: string;
  sourceName: string | null;
  sourceType: string | null;
  contentHash: string;
  importedAt: string;
  status: DocumentStatus;
  /** length of the stored text in code points */
  length: number;
  attributes: Record<string, string>;
  codingCount: number;
  coders: string[];
}

export interface DocumentText {
  id: number;
  guid: Guid;
  name: string;
  text: string;
}

export interface Code {
  id: number;
  guid: Guid;
  parentId: number | null;
  name: string;
  path: string;
  color: string;
  shortDefinition: string;
  definition: string;
  inclusion: string;
  exclusion: string;
  example: string;
  atypicalExample: string;
  memo: string;
  codable: boolean;
  sortOrder: number;
  /** absent on codes built outside the store; 'proposed' while awaiting the lead's decision */
  status?: CodeStatus;
  proposedBy?: string | null;
}

/** A code's place in the team's process: in the codebook, proposed by a coder while it was locked, or rejected by the lead. */
export type CodeStatus = 'active' | 'proposed' | 'rejected';

export interface Coding {
  id: number;
  guid: Guid;
  documentId: number;
  codeId: number;
  coderId: number;
  start: number;
  end: number;
  memo: string;
  createdAt: string;
}

/** A coding joined with the names a table or export shows. */
export interface Segment extends Coding {
  documentGuid: Guid;
  documentName: string;
  codeGuid: Guid;
  codePath: string;
  codeColor: string;
  coderName: string;
  text: string;
}

export type MemoTarget = 'project' | 'document' | 'code' | 'coding';

export interface Memo {
  id: number;
  guid: Guid;
  targetType: MemoTarget;
  targetId: number | null;
  coderId: number | null;
  coderName: string | null;
  /** what the memo is about, for lists: a document name, a code path, a quoted segment */
  targetLabel: string;
  title: string;
  /** serialised Lexical editor state ('' for none) */
  body: string;
  bodyText: string;
  createdAt: string;
  updatedAt: string;
}

export interface SearchHit {
  documentId: number;
  documentName: string;
  /** code point offsets of the match in the stored text */
  start: number;
  end: number;
  before: string;
  match: string;
  after: string;
}

export interface ProgressEvent {
  type: 'progress';
  operation: string;
  done: number;
  total: number;
  message?: string;
}

export interface ChangedEvent {
  type: 'changed';
  what: Array<'documents' | 'codes' | 'codings' | 'coders' | 'project' | 'memos' | 'history'>;
}

export interface MenuEvent {
  type: 'menu';
  action: string;
}

/** An encrypted project could not be opened without its passphrase: the UI asks for it and calls project.unlock. */
export interface LockedEvent {
  type: 'locked';
  file: string;
  message: string;
}

export type BackendEvent = ProgressEvent | ChangedEvent | MenuEvent | LockedEvent;
