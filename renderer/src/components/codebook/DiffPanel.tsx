// What changed between two codebook versions, grouped by kind of change.
import type { CodebookDiff, DiffField } from '../../../../shared/codebookDiff';
import { joinCodePath } from '../../../../shared/codePath';

const FIELD_LABELS: Record<DiffField, string> = {
  color: 'colour',
  shortDefinition: 'short definition',
  definition: 'definition',
  inclusion: 'when to use',
  exclusion: 'when not to use',
  example: 'typical example',
  atypicalExample: 'atypical example',
  memo: 'memo',
  codable: 'codable',
};

const p = (path: string[]) => joinCodePath(path);

export function DiffPanel({ title, diff }: { title: string; diff: CodebookDiff }) {
  const groups: Array<{ label: string; items: Array<{ key: string; main: string; detail?: string; fields?: CodebookDiff['definitionChanged'][number]['fields'] }> }> = [
    { label: 'Added', items: diff.added.map((c, i) => ({ key: `a${i}`, main: p(c.path) })) },
    { label: 'Deleted', items: diff.deleted.map((c, i) => ({ key: `d${i}`, main: p(c.path) })) },
    { label: 'Renamed', items: diff.renamed.map((c, i) => ({ key: `r${i}`, main: `${c.fromName} → ${c.toName}`, detail: p(c.to) })) },
    { label: 'Moved', items: diff.moved.map((c, i) => ({ key: `m${i}`, main: c.name, detail: `${p(c.fromParent) || '(top level)'} → ${p(c.toParent) || '(top level)'}` })) },
    { label: 'Merged', items: diff.merged.map((c, i) => ({ key: `g${i}`, main: `${p(c.from.path)} → ${p(c.into.path)}` })) },
    { label: 'Definition changed', items: diff.definitionChanged.map((c, i) => ({ key: `c${i}`, main: p(c.path), fields: c.fields })) },
  ];
  const total = groups.reduce((s, g) => s + g.items.length, 0);
  return (
    <div className="cb-diff" role="region" aria-label="Changes between versions">
      <h4>{title}</h4>
      <p className="muted">
        {total === 0 ? 'No changes.' : `${total} ${total === 1 ? 'change' : 'changes'}`} · {diff.unchanged} codes unchanged
      </p>
      {groups
        .filter((g) => g.items.length)
        .map((g) => (
          <section key={g.label} aria-label={`${g.label} (${g.items.length})`}>
            <h5>
              {g.label} <span className="muted">({g.items.length})</span>
            </h5>
            <ul>
              {g.items.map((it) => (
                <li key={it.key}>
                  <span>{it.main}</span>
                  {it.detail && <span className="muted"> · {it.detail}</span>}
                  {it.fields && (
                    <dl>
                      {it.fields.map((f) => (
                        <div key={f.field}>
                          <dt>{FIELD_LABELS[f.field]}</dt>
                          <dd>
                            <del>{f.before || '(empty)'}</del>
                            <ins>{f.after || '(empty)'}</ins>
                          </dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
    </div>
  );
}
