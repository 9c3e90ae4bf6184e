// The renderer's edge: DOM positions (UTF-16) ↔ code point offsets.
export { OffsetIndex, codePointLength } from '../../../shared/offsets';
