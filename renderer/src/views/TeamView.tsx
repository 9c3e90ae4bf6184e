// Team: assign documents to coders, completion marks, coder packages, and
// merging coders' .weft packages (or .qdpx files) by drag and drop, with the
// merge report.
import { useCallback, useEffect, useState } from 'react';
import type { ViewContext, ViewDef } from './registry';
import type { MergeReport, TeamState } from '../../../shared/team';
import { fileToBase64 } from '../components/team/files';
import { downloadBase64 } from '../lib/download';
import { plural } from '../../../shared/plural';
import '../components/team/team.css';

export function TeamView({ ctx }: { ctx: ViewContext }) {
  const { invoke, onEvent } = ctx;
  const [state, setState] = useState<TeamState | null>(null);
  const [report, setReport] = useState<MergeReport | null>(null);
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [newCoder, setNewCoder] = useState('');

  const load = useCallback(() => invoke('team.state', {}).then(setState), [invoke]);
  useEffect(() => {
    void load();
    return onEvent((e) => {
      if (e.type === 'changed' && e.what.some((w) => w === 'documents' || w === 'coders' || w === 'codings')) void load();
    });
  }, [load, onEvent]);

  const fail = (e: unknown) => ctx.setStatus({ kind: 'error', text: (e as Error).message });
  const coders = (state?.coders ?? []).filter((c) => c.name !== 'Consensus');
  const has = (list: TeamState['assignments'], documentId: number, coderId: number) => list.some((a) => a.documentId === documentId && a.coderId === coderId);

  const toggle = async (kind: 'assign' | 'complete', documentId: number, coderId: number, on: boolean) => {
    try {
      if (kind === 'assign') await invoke('team.assign', { documentIds: [documentId], coderId, assigned: on });
      else await invoke('team.complete', { documentIds: [documentId], coderId, complete: on });
      await load();
    } catch (e) {
      fail(e);
    }
  };

  const merge = async (files: File[]) => {
    const usable = files.filter((f) => /\.(weft|qdpx)$/i.test(f.name));
    if (!usable.length) return ctx.setStatus({ kind: 'warn', text: 'Drop .weft packages or projects, or .qdpx files' });
    setBusy(true);
    const reply = ctx.beginStatus();
    try {
      const r = await invoke('team.merge', { files: await Promise.all(usable.map(async (f) => ({ fileName: f.name, base64: await fileToBase64(f) }))) });
      setReport(r);
      await ctx.refresh();
      await load();
      const added = r.files.reduce((s, f) => s + f.codings.added, 0);
      const conflicts = r.files.reduce((s, f) => s + f.conflicts.length, 0);
      reply({ kind: conflicts ? 'warn' : 'info', text: `Merged ${plural(usable.length, 'file')}: ${plural(added, 'coding')} added${conflicts ? `, ${plural(conflicts, 'conflict')}` : ''}` });
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const makePackage = async (coderId: number) => {
    const reply = ctx.beginStatus();
    try {
      const r = await invoke('team.package', { coderId });
      downloadBase64({ fileName: r.fileName, mime: 'application/vnd.sqlite3', base64: r.base64 });
      reply({ kind: 'info', text: `Package for ${r.info.coder.name}: ${plural(r.info.documents.length, 'document')}` });
    } catch (e) {
      fail(e);
    }
  };

  const addCoder = async () => {
    if (!newCoder.trim()) return;
    try {
      await invoke('coders.ensure', { name: newCoder.trim() });
      setNewCoder('');
      await load();
    } catch (e) {
      fail(e);
    }
  };

  return (
    <div className="team-view">
      <h2>Team</h2>
      {state?.package && (
        <p className="team-box" role="note">
          This is a coder package for <strong>{state.package.coder.name}</strong> from “{state.package.leadProjectName}”. Code as {state.package.coder.name}, mark each document complete below, then send this file back to your lead.
        </p>
      )}
      <section className="team-box" aria-labelledby="team-assign">
        <h3 id="team-assign">Assignments and completion</h3>
        <div className="team-row">
          <label>
            New coder
            <input value={newCoder} onChange={(e) => setNewCoder(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && void addCoder()} aria-label="New coder name" />
          </label>
          <button type="button" onClick={() => void addCoder()}>Add coder</button>
        </div>
        {coders.length === 0 ? (
          <p className="team-muted">No coders yet.</p>
        ) : (
          <table className="team-table" aria-label="Assignments and completion marks">
            <thead>
              <tr>
                <th scope="col">Document</th>
                {coders.map((c) => (
                  <th scope="col" key={c.id}>
                    {c.name}
                    <div>
                      <button type="button" className="ghost" onClick={() => void makePackage(c.id)} aria-label={`Download package for ${c.name}`} disabled={!!state?.package}>
                        Package
                      </button>
                    </div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ctx.documents.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{d.name}</th>
                  {coders.map((c) => {
                    const assigned = has(state!.assignments, d.id, c.id);
                    const complete = has(state!.completions, d.id, c.id);
                    return (
                      <td key={c.id}>
                        <label>
                          <input type="checkbox" checked={assigned} onChange={(e) => void toggle('assign', d.id, c.id, e.target.checked)} aria-label={`${d.name} assigned to ${c.name}`} /> assigned
                        </label>{' '}
                        <label>
                          <input type="checkbox" checked={complete} onChange={(e) => void toggle('complete', d.id, c.id, e.target.checked)} aria-label={`${d.name} complete by ${c.name}`} /> complete
                        </label>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="team-box" aria-labelledby="team-merge">
        <h3 id="team-merge">Merge coders’ work</h3>
        <div
          className={`team-drop${over ? ' over' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={(e) => {
            e.preventDefault();
            setOver(false);
            void merge(Array.from(e.dataTransfer.files));
          }}
        >
          <p>Drop coder packages (.weft), other Weft projects or .qdpx files here.</p>
          <label>
            Or choose files{' '}
            <input type="file" multiple accept=".weft,.qdpx" disabled={busy} aria-label="Choose files to merge" onChange={(e) => void merge(Array.from(e.target.files ?? []))} />
          </label>
          {busy && <p role="status">Merging…</p>}
        </div>
        {report && (
          <div role="region" aria-label="Merge report">
            <h3>Merge report</h3>
            {report.files.map((f, i) => (
              <div key={i}>
                <p>
                  <strong>{f.file}</strong> ({f.kind}
                  {f.coder ? ` for ${f.coder}` : ''}): {f.documents.added} documents added, {f.documents.matchedByGuid + f.documents.matchedByHash} matched; {f.codes.added} codes added ({f.codes.proposed} proposed); {f.codings.added} codings added, {f.codings.unchanged} already present; {f.memos.added} memos added; {f.completions.added} completion marks added.
                </p>
                {f.notes.map((n, j) => (
                  <p className="team-muted" key={j}>{n}</p>
                ))}
                {f.conflicts.length > 0 ? (
                  <table className="team-table team-conflicts" aria-label={`Conflicts in ${f.file}`}>
                    <thead>
                      <tr><th scope="col">Kind</th><th scope="col">Item</th><th scope="col">What happened</th></tr>
                    </thead>
                    <tbody>
                      {f.conflicts.map((c, j) => (
                        <tr key={j}><td>{c.kind}</td><td>{c.item}</td><td>{c.message}</td></tr>
                      ))}
                    </tbody>
                  </table>
                ) : (
                  <p className="team-muted">No conflicts.</p>
                )}
              </div>
            ))}
            <button type="button" className="ghost" onClick={() => downloadBase64({ fileName: 'merge-report.json', mime: 'application/json', base64: btoa(unescape(encodeURIComponent(JSON.stringify(report, null, 2)))) })}>
              Save report as JSON
            </button>
          </div>
        )}
      </section>
    </div>
  );
}

export const teamView: ViewDef = { id: 'team', label: 'Team', render: (ctx) => <TeamView ctx={ctx} /> };
