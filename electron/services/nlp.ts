// compromise (its lexicon and tagger) for the English name detector, loaded
// on first use: loading takes about half a second, which commands that never
// scan should not pay. The bundler still bundles it (a require, not a runtime
// lookup), so the packaged app needs no node_modules.
import type { Nlp } from '../../shared/deid/names.js';

let nlp: Nlp | null = null;

export function loadNlp(): Nlp {
  if (!nlp) {
    const m = require('compromise/two') as { default?: Nlp } & Nlp;
    nlp = m.default ?? m;
  }
  return nlp;
}
