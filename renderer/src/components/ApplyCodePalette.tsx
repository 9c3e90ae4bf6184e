// Quick-code palette (Ctrl/Cmd+K): a combobox "Apply code" that filters codes
// by name or path; Enter applies the active option, or creates a new code.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { Code } from '../../../shared/types';
import { inVivoName, matchScore } from '../lib/codeMatch';
export { inVivoName, matchScore };

interface Props {
  codes: Code[];
  selectionText: string;
  /** offer "In-vivo code" (a new code named after the selection) */
  inVivo?: boolean;
  /** the codebook is locked: a new code becomes a proposal */
  proposing?: boolean;
  onApply: (code: Code) => void;
  onCreate: (name: string) => void;
  onClose: () => void;
}

type Option = { kind: 'code'; code: Code } | { kind: 'create'; name: string } | { kind: 'invivo'; name: string };

export function ApplyCodePalette({ codes, selectionText, inVivo, proposing, onApply, onCreate, onClose }: Props) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  useEffect(() => inputRef.current?.focus(), []);

  const options = useMemo<Option[]>(() => {
    const q = query.trim().toLowerCase();
    const codable = codes.filter((c) => c.codable && c.status !== 'rejected');
    const matches = q
      ? codable
          .map((c) => ({ c, score: matchScore(c, q) }))
          .filter((m) => m.score > 0)
          .sort((a, b) => b.score - a.score || a.c.path.length - b.c.path.length)
          .map((m) => m.c)
      : codable;
    const out: Option[] = matches.slice(0, 50).map((code) => ({ kind: 'code', code }));
    if (q && !codable.some((c) => c.name.toLowerCase() === q) && !query.includes('>')) out.push({ kind: 'create', name: query.trim() });
    const vivo = inVivoName(selectionText);
    if (inVivo && vivo && !q && !codable.some((c) => c.name.toLowerCase() === vivo.toLowerCase())) out.push({ kind: 'invivo', name: vivo });
    return out;
  }, [codes, query, inVivo, selectionText]);
  const current = Math.min(active, Math.max(0, options.length - 1));

  const choose = (o: Option | undefined) => {
    if (!o) return;
    if (o.kind === 'code') onApply(o.code);
    else onCreate(o.name);
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div className="palette" role="dialog" aria-label="Apply code to selection" onMouseDown={(e) => e.stopPropagation()}>
        <p className="palette-selection" title={selectionText}>
          “{selectionText.length > 120 ? selectionText.slice(0, 120) + '…' : selectionText}”
        </p>
        <input
          ref={inputRef}
          role="combobox"
          aria-label="Apply code"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={options.length ? `${listId}-${current}` : undefined}
          placeholder="Type a code name or path…"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, options.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter') choose(options[current]);
            else if (e.key === 'Escape') onClose();
            else return;
            e.preventDefault();
          }}
        />
        <ul id={listId} role="listbox" aria-label="Codes" className="palette-list">
          {options.map((o, i) => (
            <li
              key={o.kind === 'code' ? o.code.id : o.kind}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === current}
              className={i === current ? 'active' : ''}
              onMouseEnter={() => setActive(i)}
              onClick={() => choose(o)}
            >
              {o.kind === 'code' ? (
                <>
                  <span className="swatch" style={{ background: o.code.color }} aria-hidden="true" />
                  <span className="code-name">{o.code.name}</span>
                  {o.code.status === 'proposed' && <span className="code-status proposed">proposed</span>}
                  <span className="muted path">{o.code.path}</span>
                </>
              ) : o.kind === 'create' ? (
                <span>
                  {proposing ? 'Propose code' : 'Create code'} “<strong>{o.name}</strong>”
                </span>
              ) : (
                <span>
                  In-vivo code “<strong>{o.name}</strong>”
                </span>
              )}
            </li>
          ))}
          {options.length === 0 && <li className="muted">No codes</li>}
        </ul>
      </div>
    </div>
  );
}
