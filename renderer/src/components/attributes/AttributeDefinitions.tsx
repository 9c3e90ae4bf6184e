// Attribute definitions: rename, retype, edit a category's allowed values,
// delete; and add a new attribute.
import { useEffect, useState } from 'react';
import type { Invoke } from '../../../../shared/api/contract';
import type { AttributeValueSummary } from '../../../../shared/api/methods/attributes';
import type { AttributeDef, AttributeType } from '../../../../shared/types';
import { ATTRIBUTE_TYPE_LABELS, ATTRIBUTE_TYPES } from '../../../../shared/attributeValues';
import { ConfirmDialog } from '../ConfirmDialog';
import type { MessageLine } from '../../lib/messageLine';

interface Props {
  invoke: Invoke;
  attributes: AttributeDef[];
  summary: AttributeValueSummary[];
  onChanged: () => Promise<void>;
  /** the view's message line: an action takes a turn when it starts */
  line: MessageLine;
}

const splitValues = (text: string) =>
  text
    .split('\n')
    .map((v) => v.trim())
    .filter((v) => v !== '');

function Definition({ attr, used, invoke, onChanged, line, onDelete }: { attr: AttributeDef; used: number; onDelete: () => void } & Omit<Props, 'attributes' | 'summary'>) {
  const [name, setName] = useState(attr.name);
  const [type, setType] = useState<AttributeType>(attr.type);
  const [values, setValues] = useState(attr.values.join('\n'));
  // take the saved definition again only when it changed: a refresh that brings the
  // same definition (a new object) must not throw away an edit in progress
  const saved = `${attr.name}\u0000${attr.type}\u0000${attr.values.join('\n')}`;
  useEffect(() => {
    setName(attr.name);
    setType(attr.type);
    setValues(attr.values.join('\n'));
  }, [saved]);
  const dirty = name.trim() !== attr.name || type !== attr.type || (type === 'category' && splitValues(values).join('\n') !== attr.values.join('\n'));
  const save = async () => {
    const reply = line.begin();
    try {
      const valuesChanged = type === 'category' && (attr.type !== 'category' || splitValues(values).join('\n') !== attr.values.join('\n'));
      await invoke('attributes.update', {
        id: attr.id,
        ...(name.trim() !== attr.name ? { name: name.trim() } : {}),
        ...(type !== attr.type ? { type } : {}),
        // a retype to category with no values listed takes the values in use
        ...(valuesChanged && !(attr.type !== 'category' && splitValues(values).length === 0) ? { values: splitValues(values) } : {}),
      });
      await onChanged();
      reply({ kind: 'info', text: `Saved ${name.trim()}.` });
    } catch (e) {
      reply({ kind: 'error', text: (e as Error).message });
    }
  };
  return (
    <li className="attr-def">
      <form
        className="attr-def-form"
        aria-label={`Definition of ${attr.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label>
          <span>Name</span>
          <input className="attr-input" value={name} onChange={(e) => setName(e.target.value)} aria-label={`Name of ${attr.name}`} />
        </label>
        <label>
          <span>Type</span>
          <select className="attr-input" value={type} onChange={(e) => setType(e.target.value as AttributeType)} aria-label={`Type of ${attr.name}`}>
            {ATTRIBUTE_TYPES.map((t) => (
              <option key={t} value={t}>
                {ATTRIBUTE_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        {type === 'category' && (
          <label className="attr-def-values">
            <span>Allowed values, one per line</span>
            <textarea className="attr-input" rows={Math.min(6, Math.max(2, splitValues(values).length + 1))} value={values} onChange={(e) => setValues(e.target.value)} aria-label={`Allowed values of ${attr.name}`} />
          </label>
        )}
        <span className="muted small">{used} document{used === 1 ? '' : 's'} with a value</span>
        <div className="attr-def-actions">
          <button type="submit" className="primary" disabled={!dirty}>
            Save
          </button>
          <button type="button" className="attr-danger" onClick={onDelete} aria-label={`Delete attribute ${attr.name}`}>
            Delete
          </button>
        </div>
      </form>
    </li>
  );
}

export function AttributeDefinitions({ invoke, attributes, summary, onChanged, line }: Props) {
  const [newName, setNewName] = useState('');
  const [newType, setNewType] = useState<AttributeType>('text');
  const [newValues, setNewValues] = useState('');
  const [deleting, setDeleting] = useState<AttributeDef | null>(null);
  const usedBy = (id: number) => summary.find((s) => s.attributeId === id)?.values.reduce((n, v) => n + v.documents, 0) ?? 0;
  return (
    <section className="attr-defs" aria-label="Attribute definitions">
      <h3>Attributes</h3>
      <ul className="attr-def-list">
        {attributes.map((a) => (
          <Definition key={a.id} attr={a} used={usedBy(a.id)} invoke={invoke} onChanged={onChanged} line={line} onDelete={() => setDeleting(a)} />
        ))}
      </ul>
      <form
        className="attr-def-form attr-new"
        aria-label="New attribute"
        onSubmit={(e) => {
          e.preventDefault();
          const reply = line.begin();
          invoke('attributes.create', { name: newName, type: newType, values: newType === 'category' ? splitValues(newValues) : undefined })
            .then(async (a) => {
              setNewName('');
              setNewValues('');
              await onChanged();
              reply({ kind: 'info', text: `Added the attribute ${a.name}.` });
            })
            .catch((err: Error) => reply({ kind: 'error', text: err.message }));
        }}
      >
        <label>
          <span>New attribute</span>
          <input className="attr-input" value={newName} onChange={(e) => setNewName(e.target.value)} aria-label="New attribute name" placeholder="name" />
        </label>
        <label>
          <span>Type</span>
          <select className="attr-input" value={newType} onChange={(e) => setNewType(e.target.value as AttributeType)} aria-label="New attribute type">
            {ATTRIBUTE_TYPES.map((t) => (
              <option key={t} value={t}>
                {ATTRIBUTE_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
        {newType === 'category' && (
          <label className="attr-def-values">
            <span>Allowed values, one per line</span>
            <textarea className="attr-input" rows={3} value={newValues} onChange={(e) => setNewValues(e.target.value)} aria-label="New attribute allowed values" />
          </label>
        )}
        <div className="attr-def-actions">
          <button type="submit" className="primary" disabled={newName.trim() === ''}>
            Add attribute
          </button>
        </div>
      </form>
      {deleting && (
        <ConfirmDialog
          title={`Delete the attribute ${deleting.name}?`}
          message={`${usedBy(deleting.id)} documents lose their value of ${deleting.name}. This cannot be undone.`}
          confirmLabel="Delete attribute"
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const a = deleting;
            setDeleting(null);
            const reply = line.begin();
            invoke('attributes.delete', { id: a.id })
              .then(async () => {
                await onChanged();
                reply({ kind: 'info', text: `Deleted the attribute ${a.name}.` });
              })
              .catch((err: Error) => reply({ kind: 'error', text: err.message }));
          }}
        />
      )}
    </section>
  );
}
