// A draggable, keyboard-operable separator between panes (WAI-ARIA window splitter).
import { useRef } from 'react';

interface Props {
  label: string;
  orientation: 'vertical' | 'horizontal';
  value: number;
  min: number;
  max: number;
  /** +1 when dragging right/down grows the pane, -1 when it shrinks it */
  direction: 1 | -1;
  onChange: (value: number) => void;
  onCommit: () => void;
  /** CSS grid area the splitter occupies */
  area: string;
}

export function Splitter({ label, orientation, value, min, max, direction, onChange, onCommit, area }: Props) {
  const start = useRef<{ pos: number; value: number } | null>(null);
  const clamp = (v: number) => Math.round(Math.min(max, Math.max(min, v)));
  return (
    <div
      role="separator"
      aria-label={label}
      aria-orientation={orientation}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className={`splitter ${orientation}`}
      style={{ gridArea: area }}
      onPointerDown={(e) => {
        (e.target as HTMLElement).setPointerCapture(e.pointerId);
        start.current = { pos: orientation === 'vertical' ? e.clientX : e.clientY, value };
      }}
      onPointerMove={(e) => {
        if (!start.current) return;
        const pos = orientation === 'vertical' ? e.clientX : e.clientY;
        onChange(clamp(start.current.value + direction * (pos - start.current.pos)));
      }}
      onPointerUp={() => {
        if (start.current) onCommit();
        start.current = null;
      }}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 50 : 10;
        const grow = orientation === 'vertical' ? ['ArrowRight', 'ArrowLeft'] : ['ArrowDown', 'ArrowUp'];
        if (e.key === grow[0]) onChange(clamp(value + direction * step));
        else if (e.key === grow[1]) onChange(clamp(value - direction * step));
        else if (e.key === 'Home') onChange(min);
        else if (e.key === 'End') onChange(max);
        else return;
        e.preventDefault();
        onCommit();
      }}
    />
  );
}
