// Importing transcripts: drop files or folders, or choose them; set attributes
// and import steps for the batch; watch the progress; read what became of every
// file (imported, duplicate, failed with the reason, or ignored).
import { useEffect, useMemo, useRef, useState } from 'react';
import type { ViewContext, ViewDef } from './registry';
import type { AttributeDef, BackendEvent } from '../../../shared/types';
import type { ImportFormatsInfo, ImportResult } from '../../../shared/api/methods/importing';
import { IMPORT_ACCEPT } from '../../../shared/formats/importFormats';
import { checkAttributeValue } from '../../../shared/attributeValues';
import { base64Of, batches, fromDataTransfer, fromInput, type Collected } from '../components/importing/collectFiles';
import { AttributeInput } from '../components/attributes/AttributeInput';
import '../components/importing/importing.css';

const STATUS_LABEL: Record<ImportResult['status'], string> = {
  imported: 'Imported',
  duplicate: 'Duplicate',
  failed: 'Failed',
  ignored: 'Ignored',
};

function details(r: ImportResult): string {
  const parts: string[] = [];
  if (r.status !== 'imported') parts.push(r.message ?? '');
  if (r.encodingGuessed) parts.push(`encoding guessed: ${r.encoding}`);
  if (r.turns) parts.push(`${r.turns} speaker turn${r.turns === 1 ? '' : 's'}${r.speakers?.length ? ` (${r.speakers.slice(0, 4).join(', ')}${r.speakers.length > 4 ? ', …' : ''})` : ''}`);
  for (const n of r.notes ?? []) if (!n.startsWith('encoding guessed')) parts.push(n);
  return parts.filter(Boolean).join('; ');
}

export function ImportView({ ctx }: { ctx: ViewContext }) {
  const { invoke, onEvent } = ctx;
  const [formats, setFormats] = useState<ImportFormatsInfo | null>(null);
  const [attributes, setAttributes] = useState<AttributeDef[]>([]);
  const [batchValues, setBatchValues] = useState<Record<string, string>>({});
  const [flags, setFlags] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<ImportResult[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number; file: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const offset = useRef(0);
  const status = useRef(ctx.setStatus);
  status.current = ctx.setStatus;

  useEffect(() => {
    void Promise.all([invoke('import.formats', {}), invoke('attributes.list', {})]).then(([f, a]) => {
      setFormats(f);
      setAttributes(a);
    });
  }, [invoke]);

  // the backend reports each file of the current call; earlier calls of the batch are `offset`
  useEffect(
    () =>
      onEvent((e: BackendEvent) => {
        if (e.type === 'progress' && e.operation === 'import') {
          setProgress((p) => (p ? { ...p, done: offset.current + e.done, file: e.message ?? p.file } : p));
        }
      }),
    [onEvent],
  );

  const batchError = useMemo(() => {
    for (const a of attributes) {
      const v = batchValues[a.name] ?? '';
      const check = checkAttributeValue(a, v);
      if (!check.ok) return `${a.name}: ${check.message}`;
    }
    return null;
  }, [attributes, batchValues]);

  async function runImport(collected: Collected): Promise<void> {
    if (busy) return;
    setError(null);
    if (batchError) {
      setError(`Fix the attributes for these files first. ${batchError}`);
      return;
    }
    const ignored: ImportResult[] = collected.ignored.map((f) => ({ file: f, status: 'ignored', message: 'not a transcript format' }));
    if (collected.files.length === 0) {
      setResults(ignored);
      setError(ignored.length ? 'None of these files is a transcript Weft can import.' : 'No files were chosen.');
      return;
    }
    const maxFile = formats?.maxFileBytes ?? 45 * 2 ** 20;
    const tooLarge = collected.files.filter((f) => f.file.size > maxFile);
    const toSend = collected.files.filter((f) => f.file.size <= maxFile);
    const done: ImportResult[] = tooLarge.map((f) => ({
      file: f.name,
      status: 'failed',
      message: `${f.name}: larger than ${Math.round(maxFile / 2 ** 20)} MB; import it with the weft command`,
    }));
    setResults([...done, ...ignored]);
    setBusy(true);
    setProgress({ done: 0, total: collected.files.length, file: '' });
    offset.current = done.length;
    const attributesForBatch = Object.fromEntries(Object.entries(batchValues).filter(([, v]) => v.trim() !== ''));
    const reply = ctx.beginStatus();
    try {
      for (const group of batches(toSend, formats?.maxCallBytes ?? 24 * 2 ** 20)) {
        const files = await Promise.all(group.map(async (f) => ({ name: f.name, data: await base64Of(f.file) })));
        try {
          const r = await invoke('documents.import', { files, attributes: attributesForBatch, flags: [...flags] });
          done.push(...r);
        } catch (e) {
          // a refused call (a bad attribute value, a closed project): every file of it failed for that reason
          done.push(...group.map((f) => ({ file: f.name, status: 'failed' as const, message: (e as Error).message })));
        }
        offset.current = done.length;
        setProgress((p) => (p ? { ...p, done: done.length } : p));
        setResults([...done, ...ignored]);
      }
      const imported = done.filter((r) => r.status === 'imported').length;
      const failed = done.filter((r) => r.status === 'failed').length;
      reply({ kind: failed ? 'warn' : 'info', text: `Import: ${imported} imported, ${failed} failed` });
      await ctx.refresh();
    } finally {
      setBusy(false);
    }
  }

  const counts = useMemo(() => {
    const c = { imported: 0, duplicate: 0, failed: 0, ignored: 0 };
    for (const r of results) c[r.status]++;
    return c;
  }, [results]);

  return (
    <section className="imp" aria-label="Import transcripts">
      <h2 className="imp-title">Import transcripts</h2>
      <p className="muted imp-formats">
        Plain text and Markdown (UTF-8, UTF-16 or an older encoding, which is guessed and reported), Word (.docx), OpenDocument (.odt), rich text (.rtf), PDF with a text layer, and
        subtitles (.vtt, .srt). Each file imports on its own: a file that fails never stops the others, and a file already in the project is skipped.
      </p>

      <div
        className={`imp-drop${dragging ? ' over' : ''}`}
        role="group"
        aria-label="Drop files or folders here"
        aria-describedby="imp-drop-hint"
        onDragEnter={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(e) => {
          if (e.currentTarget === e.target) setDragging(false);
        }}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          fromDataTransfer(e.dataTransfer)
            .then(runImport)
            .catch((err: Error) => setError(err.message));
        }}
      >
        <p id="imp-drop-hint" className="imp-drop-text">Drop transcripts or whole folders here</p>
        <div className="imp-buttons">
          <button type="button" className="primary" disabled={busy} onClick={() => filesInput.current?.click()}>
            Choose files…
          </button>
          <button type="button" className="imp-secondary" disabled={busy} onClick={() => folderInput.current?.click()}>
            Choose a folder…
          </button>
        </div>
        <input
          ref={filesInput}
          className="visually-hidden"
          type="file"
          multiple
          accept={IMPORT_ACCEPT}
          aria-label="Transcript files"
          tabIndex={-1}
          onChange={(e) => {
            const c = fromInput(e.target.files);
            e.target.value = '';
            void runImport(c);
          }}
        />
        <input
          ref={folderInput}
          className="visually-hidden"
          type="file"
          multiple
          aria-label="Transcript folder"
          tabIndex={-1}
          {...{ webkitdirectory: '' }}
          onChange={(e) => {
            const c = fromInput(e.target.files);
            e.target.value = '';
            void runImport(c);
          }}
        />
      </div>

      <div className="imp-options">
        {attributes.length > 0 && (
          <fieldset className="imp-attrs">
            <legend>Attributes for every file of the next import (optional)</legend>
            {attributes.map((a) => (
              <label key={a.id} className="imp-attr">
                <span>{a.name}</span>
                <AttributeInput attribute={a} value={batchValues[a.name] ?? ''} onChange={(v) => setBatchValues((b) => ({ ...b, [a.name]: v }))} label={`${a.name} for imported files`} />
              </label>
            ))}
          </fieldset>
        )}
        {formats && formats.flags.length > 0 && (
          <fieldset className="imp-flags">
            <legend>While importing</legend>
            {formats.flags.map((f) => (
              <label key={f.name} className="check">
                <input
                  type="checkbox"
                  checked={flags.has(f.name)}
                  onChange={(e) =>
                    setFlags((s) => {
                      const n = new Set(s);
                      if (e.target.checked) n.add(f.name);
                      else n.delete(f.name);
                      return n;
                    })
                  }
                />
                {f.description.charAt(0).toUpperCase() + f.description.slice(1)}
              </label>
            ))}
          </fieldset>
        )}
      </div>

      {(error || batchError) && (
        <p className="imp-error" role="alert">
          {error ?? `Attributes for these files: ${batchError}`}
        </p>
      )}

      {progress && (
        <div className="imp-progress">
          <progress aria-label="Import progress" max={progress.total} value={progress.done} />
          <span aria-live="polite">
            {busy ? `Importing ${progress.done} of ${progress.total} files…` : `Done: ${progress.done} of ${progress.total} files.`}
          </span>
        </div>
      )}

      {results.length > 0 && (
        <>
          <p className="imp-summary" aria-live="polite">
            {counts.imported} imported, {counts.duplicate} duplicate{counts.duplicate === 1 ? '' : 's'} skipped, {counts.failed} failed
            {counts.ignored ? `, ${counts.ignored} ignored (not transcripts)` : ''}
          </p>
          <div className="imp-results-scroll">
            <table className="imp-results" aria-label="Import results">
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Result</th>
                  <th scope="col">Document</th>
                  <th scope="col">Details</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r, i) => (
                  <tr key={`${r.file}-${i}`} className={`imp-${r.status}`}>
                    <td className="imp-file">{r.file}</td>
                    <td>
                      <span className={`imp-status imp-status-${r.status}`}>{STATUS_LABEL[r.status]}</span>
                    </td>
                    <td>
                      {r.documentId !== undefined ? (
                        <button type="button" className="imp-open" onClick={() => ctx.openInWorkspace(r.documentId!)} aria-label={`Open ${r.document}`}>
                          {r.document}
                        </button>
                      ) : (
                        ''
                      )}
                    </td>
                    <td className="imp-details">{details(r)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export const importView: ViewDef = { id: 'import', label: 'Import', render: (ctx) => <ImportView ctx={ctx} /> };
