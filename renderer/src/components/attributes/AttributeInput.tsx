// An editor for one attribute value, by type: a list for categories and
// yes/no, a date field for dates, a text field otherwise. '' is "no value".
import type { KeyboardEvent, Ref } from 'react';
import type { AttributeDef } from '../../../../shared/types';

interface Props {
  attribute: Pick<AttributeDef, 'name' | 'type' | 'values'>;
  value: string;
  onChange: (value: string) => void;
  label: string;
  onKeyDown?: (e: KeyboardEvent<HTMLInputElement | HTMLSelectElement>) => void;
  onBlur?: () => void;
  inputRef?: Ref<HTMLInputElement & HTMLSelectElement>;
  autoFocus?: boolean;
  className?: string;
}

export function AttributeInput({ attribute, value, onChange, label, onKeyDown, onBlur, inputRef, autoFocus, className }: Props) {
  const common = { 'aria-label': label, onKeyDown, onBlur, autoFocus, className: className ?? 'attr-input', ref: inputRef };
  if (attribute.type === 'category') {
    // a value outside the list (typed in a paste, say) stays visible until it is changed
    const options = value && !attribute.values.includes(value) ? [...attribute.values, value] : attribute.values;
    return (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(no value)</option>
        {options.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  }
  if (attribute.type === 'boolean') {
    return (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">(no value)</option>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  }
  return (
    <input
      {...common}
      type={attribute.type === 'date' ? 'date' : 'text'}
      inputMode={attribute.type === 'number' ? 'decimal' : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
