// The layer and filter the analysis panels share, turned into API parameters.
export interface AnalysisSelection {
  /** 'default' (Consensus where it exists, else all), 'all', 'consensus' or a coder's name */
  layer: string;
  filter: { attribute: string; value: string } | null;
}

export function selectionParams(s: AnalysisSelection): {
  coder?: string;
  consensus?: boolean;
  allCoders?: boolean;
  where?: Array<{ attribute: string; value: string }>;
} {
  const out: ReturnType<typeof selectionParams> = {};
  if (s.layer === 'all') out.allCoders = true;
  else if (s.layer === 'consensus') out.consensus = true;
  else if (s.layer !== 'default') out.coder = s.layer;
  if (s.filter && s.filter.attribute && s.filter.value) out.where = [s.filter];
  return out;
}

/**
 * Heat-map shading: the accent colour mixed into the panel colour, stronger
 * for higher values. Capped at 45% so the text keeps AA contrast in both themes.
 */
export function heat(value: number, max: number): { background: string } | undefined {
  if (value <= 0 || max <= 0) return undefined;
  const pct = Math.round(8 + (value / max) * 37);
  return { background: `color-mix(in srgb, var(--accent) ${pct}%, var(--panel))` };
}
