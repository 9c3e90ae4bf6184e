// Default code colours: distinct hues that stay readable as translucent
// highlights on light and dark backgrounds.
export const CODE_PALETTE = [
  '#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#9a6324',
  '#469990', '#bfef45', '#dcbeff', '#800000', '#808000', '#000075', '#ffe119', '#fabed4',
] as const;

export function paletteColor(index: number): string {
  return CODE_PALETTE[((index % CODE_PALETTE.length) + CODE_PALETTE.length) % CODE_PALETTE.length]!;
}

export function isHexColor(value: string): boolean {
  return /^#[0-9a-fA-F]{6}$/.test(value);
}
