// Exports (segments as CSV, XLSX or JSON; the whole project as .qdpx) and the
// .qdpx import, with its report, from the app.
import { useState } from 'react';
import type { ViewContext } from '../../views/registry';
import type { QdpxImportReport } from '../../../../shared/formats/refi/importReport';
import { downloadBase64 } from '../../lib/download';
import { selectionParams } from './selection';

type Format = 'csv' | 'xlsx' | 'json' | 'qdpx';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(new Error(`${file.name}: cannot read the file`));
    r.readAsDataURL(file);
  });
}

export function TransferPanel({ ctx, coders }: { ctx: ViewContext; coders: string[] }) {
  const [format, setFormat] = useState<Format>('xlsx');
  const [layer, setLayer] = useState('default');
  const [context, setContext] = useState('');
  const [safe, setSafe] = useState(false);
  const [crlf, setCrlf] = useState(false);
  const [busy, setBusy] = useState(false);
  const [upload, setUpload] = useState<File | null>(null);
  const [allowLossy, setAllowLossy] = useState(false);
  const [report, setReport] = useState<QdpxImportReport | null>(null);

  const doExport = async () => {
    setBusy(true);
    const reply = ctx.beginStatus();
    try {
      const ctxOption = context === 'turn' ? { kind: 'turn' as const } : /^\d+$/.test(context) ? { kind: 'chars' as const, n: Number(context) } : undefined;
      const file = await ctx.invoke('exchange.export', {
        ...(format === 'qdpx' ? {} : selectionParams({ layer, filter: null })),
        format,
        ...(format === 'qdpx' ? { crlf } : { context: ctxOption, safe: format === 'csv' ? safe : undefined }),
      });
      downloadBase64(file);
      reply({ kind: 'info', text: `Saved ${file.fileName}` });
    } catch (e) {
      ctx.setStatus({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  const doImport = async (dryRun: boolean) => {
    if (!upload) return;
    setBusy(true);
    const reply = ctx.beginStatus();
    try {
      const r = await ctx.invoke('exchange.importQdpx', { fileName: upload.name, base64: await readBase64(upload), allowLossy, dryRun });
      setReport(r);
      if (!dryRun) await ctx.refresh();
      reply({ kind: r.notImported.length ? 'warn' : 'info', text: `${dryRun ? 'Checked' : 'Imported'} ${upload.name}: ${r.created.codings} codings${r.notImported.length ? `, ${r.notImported.length} items not imported` : ''}` });
    } catch (e) {
      setReport(null);
      ctx.setStatus({ kind: 'error', text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="xt">
      <section className="xt-box" aria-labelledby="xt-export">
        <h3 id="xt-export">Export</h3>
        <label>
          Format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as Format)} aria-label="Export format">
            <option value="xlsx">Excel workbook (.xlsx): segments, codebook, documents, summary</option>
            <option value="csv">Segments CSV (.csv)</option>
            <option value="json">Segments JSON (.json)</option>
            <option value="qdpx">REFI-QDA project (.qdpx) for other tools</option>
          </select>
        </label>
        {format !== 'qdpx' ? (
          <>
            <label>
              Codings of{' '}
              <select value={layer} onChange={(e) => setLayer(e.target.value)} aria-label="Export codings of">
                <option value="default">Consensus where it exists, else all coders</option>
                <option value="all">all coders</option>
                {coders.map((c) => (
                  <option key={c} value={c.toLowerCase() === 'consensus' ? 'consensus' : c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label>
              Context{' '}
              <select value={context} onChange={(e) => setContext(e.target.value)} aria-label="Context around each segment">
                <option value="">none</option>
                <option value="turn">the whole speaker turn</option>
                <option value="100">100 characters either side</option>
                <option value="300">300 characters either side</option>
              </select>
            </label>
            {format === 'csv' && (
              <label className="check">
                <input type="checkbox" checked={safe} onChange={(e) => setSafe(e.target.checked)} /> Safe for spreadsheets (cells starting with = + - @ get an apostrophe)
              </label>
            )}
          </>
        ) : (
          <label className="check">
            <input type="checkbox" checked={crlf} onChange={(e) => setCrlf(e.target.checked)} /> CRLF line endings (for MAXQDA)
          </label>
        )}
        <div>
          <button type="button" className="chip" disabled={busy} onClick={() => void doExport()}>
            Export…
          </button>
        </div>
      </section>

      <section className="xt-box" aria-labelledby="xt-import">
        <h3 id="xt-import">Import a REFI-QDA project (.qdpx)</h3>
        <p className="muted small">From QualCoder, NVivo, MAXQDA, ATLAS.ti, qc or Weft. Check the file first: the report lists everything that can't be imported, and why.</p>
        <label>
          File{' '}
          <input type="file" accept=".qdpx" aria-label=".qdpx file" onChange={(e) => { setUpload(e.target.files?.[0] ?? null); setReport(null); }} />
        </label>
        <label className="check">
          <input type="checkbox" checked={allowLossy} onChange={(e) => setAllowLossy(e.target.checked)} /> Import what remains of a lossy export
        </label>
        <div className="xm-tools">
          <button type="button" className="chip" disabled={busy || !upload} onClick={() => void doImport(true)}>
            Check file
          </button>
          <button type="button" className="chip" disabled={busy || !upload} onClick={() => void doImport(false)}>
            Import file
          </button>
        </div>
        {report && (
          <div className="xt-report" role="region" aria-label="Import report">
            <p>
              <strong>{report.dryRun ? 'Would create' : 'Created'}:</strong> {report.created.documents} documents, {report.created.codes} codes, {report.created.codings} codings, {report.created.coders} coders, {report.created.memos} memos, {report.created.attributes} attributes.
            </p>
            <p className="muted small">
              Origin: {report.origin}. Positions: {report.positions} ({report.positionsBasis === 'text' ? 'confirmed by the texts' : 'as the origin writes them'}).
            </p>
            {report.info.map((i, n) => (
              <p key={n} className={i.startsWith('LOSSY') ? 'xt-warn' : 'small'}>
                {i}
              </p>
            ))}
            {report.notImported.length > 0 && (
              <>
                <h4>Not imported ({report.notImported.length})</h4>
                <ul className="xt-items">
                  {report.notImported.map((i, n) => (
                    <li key={n}>
                      <strong>{i.kind}</strong> {i.item}: {i.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {report.adjusted.length > 0 && (
              <>
                <h4>Imported with a change ({report.adjusted.length})</h4>
                <ul className="xt-items">
                  {report.adjusted.map((i, n) => (
                    <li key={n}>
                      <strong>{i.kind}</strong> {i.item}: {i.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {report.notImported.length === 0 && <p className="small">Nothing was left out.</p>}
          </div>
        )}
      </section>
    </div>
  );
}
