// Full-page views beside the coding workspace (documents & attributes,
// de-identification, codebook editor, team & agreement, exports…). Each
// capability adds one entry; App shows them as tabs in the top bar.
import type { ReactNode } from 'react';
import { analysisView } from './AnalysisView';
import { deidView } from './DeidView';
import { importView } from './ImportView';
import { attributesView } from './AttributesView';
import { teamView } from './TeamView';
import { agreementView } from './AgreementView';
import { auditView } from './AuditView';
import { codebookView } from './CodebookView';
import type { Invoke } from '../../../shared/api/contract';
import type { BackendEvent, Code, Coder, DocumentSummary, ProjectInfo } from '../../../shared/types';

export type StatusMessage = { kind: 'info' | 'error' | 'warn'; text: string };

export interface ViewContext {
  invoke: Invoke;
  /** subscribe to backend events; returns an unsubscribe function */
  onEvent: (listener: (e: BackendEvent) => void) => () => void;
  info: ProjectInfo | null;
  coder: Coder | null;
  documents: DocumentSummary[];
  codes: Code[];
  /** reload documents, codes and codings in the workspace after a change */
  refresh: () => Promise<void>;
  /** show a line in the status bar */
  setStatus: (status: StatusMessage) => void;
  /**
   * An action that answers late starts: the function returned says its outcome in the status bar,
   * unless a newer action has spoken since (an error always shows).
   */
  beginStatus: () => (status: StatusMessage) => void;
  /** open a document (and optionally select a range) in the coding workspace */
  openInWorkspace: (documentId: number, range?: { start: number; end: number }) => void;
}

export interface ViewDef {
  id: string;
  label: string;
  render: (ctx: ViewContext) => ReactNode;
}

export const views: ViewDef[] = [];

views.push(analysisView);
views.push(importView);
views.push(attributesView);
views.push(deidView);
views.push(codebookView);
views.push(teamView, agreementView);
views.push(auditView);
