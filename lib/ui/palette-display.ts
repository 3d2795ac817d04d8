/**
 * How a palette (docs/search.md: up to five colours with their share of the
 * picture, largest first) is shown: a strip whose segments are as wide as
 * the shares, and the same in words for screen readers and tooltips.
 */

export interface PaletteColour {
  hex: string;
  share: number;
}

/** A share as a whole percentage; a sliver that would round to 0 says so rather than claiming 0 %. */
export function formatShare(share: number): string {
  const percent = Math.round(share * 100);
  return percent === 0 && share > 0 ? '<1 %' : `${percent} %`;
}

/** "#5a4a3f 62 %, #c8b8a0 30 %, …" */
export function describePalette(palette: readonly PaletteColour[]): string {
  return palette.map((c) => `#${c.hex} ${formatShare(c.share)}`).join(', ');
}

/** Each colour's width in percent of the strip: shares normalised, so a palette need not sum to exactly 1. */
export function stripWidths(palette: readonly PaletteColour[]): number[] {
  const total = palette.reduce((sum, c) => sum + Math.max(0, c.share), 0);
  return palette.map((c) => (total > 0 ? (Math.max(0, c.share) / total) * 100 : 100 / palette.length));
}
