/**
 * Palette distance (Earth Mover's Distance in ΔE) and the `_palette`
 * "contains" test: metric properties on random palettes, and exact values
 * against closed forms.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deltaE } from '@/lib/color/lab';
import { containsColours, meanColour, packPalette, PALETTE_MIN_SHARE, paletteDistancePacked } from '@/lib/palette/distance';
import type { Palette, PaletteColour } from '@/lib/palette/extract';

/** Earth Mover's Distance between two palettes, in ΔE, as the palette search computes it. */
const paletteDistance = (p: Palette, q: Palette) => paletteDistancePacked(packPalette(p), 0, packPalette(q), 0);

function colour(l: number, a: number, b: number, share: number): PaletteColour {
  return { l, a, b, share, hex: '000000' };
}

/** 1-5 colours with positive shares summing to 1, largest first; `line` keeps them on the L axis. */
function palette(line = false): fc.Arbitrary<Palette> {
  const entry = fc.record({
    l: fc.double({ min: 0, max: 100, noNaN: true }),
    a: line ? fc.constant(0) : fc.double({ min: -100, max: 100, noNaN: true }),
    b: line ? fc.constant(0) : fc.double({ min: -100, max: 100, noNaN: true }),
    weight: fc.double({ min: 0.01, max: 1, noNaN: true }),
  });
  return fc.array(entry, { minLength: 1, maxLength: 5 }).map((entries) => {
    const total = entries.reduce((sum, e) => sum + e.weight, 0);
    return entries.map((e) => colour(e.l, e.a, e.b, e.weight / total)).sort((p, q) => q.share - p.share);
  });
}

/** On a line, EMD is the area between the two cumulative distributions. */
function lineDistance(p: Palette, q: Palette): number {
  const xs = [...p, ...q].map((c) => c.l).sort((x, y) => x - y);
  const below = (palette: Palette, x: number) => palette.filter((c) => c.l <= x).reduce((sum, c) => sum + c.share, 0);
  let area = 0;
  for (let i = 0; i + 1 < xs.length; i++) area += Math.abs(below(p, xs[i]) - below(q, xs[i])) * (xs[i + 1] - xs[i]);
  return area;
}

describe('paletteDistance', () => {
  it('is 0 from a palette to itself', () => {
    fc.assert(
      fc.property(palette(), (p) => {
        expect(paletteDistance(p, p)).toBeCloseTo(0, 9);
      }),
    );
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(palette(), palette(), (p, q) => {
        expect(paletteDistance(p, q)).toBeCloseTo(paletteDistance(q, p), 6);
      }),
    );
  });

  it('obeys the triangle inequality', () => {
    fc.assert(
      fc.property(palette(), palette(), palette(), (p, q, r) => {
        expect(paletteDistance(p, r)).toBeLessThanOrEqual(paletteDistance(p, q) + paletteDistance(q, r) + 1e-6);
      }),
    );
  });

  it('equals the closed form when every colour lies on one line', () => {
    fc.assert(
      fc.property(palette(true), palette(true), (p, q) => {
        expect(paletteDistance(p, q)).toBeCloseTo(lineDistance(p, q), 6);
      }),
    );
  });

  it('is never below the distance between the mean colours (the scan relies on it)', () => {
    fc.assert(
      fc.property(palette(), palette(), (p, q) => {
        expect(deltaE(meanColour(p), meanColour(q))).toBeLessThanOrEqual(paletteDistance(p, q) + 1e-6);
      }),
    );
  });

  it('is the ΔE between two one-colour palettes', () => {
    const p = [colour(50, 10, -20, 1)];
    const q = [colour(60, -5, 0, 1)];
    expect(paletteDistance(p, q)).toBeCloseTo(deltaE(p[0], q[0]), 9);
  });

  it('minds shares: half orange is far from a speck of orange', () => {
    const blue = colour(30, 10, -40, 0);
    const orange = colour(65, 35, 65, 0);
    const half = [{ ...blue, share: 0.5 }, { ...orange, share: 0.5 }];
    const speck = [{ ...blue, share: 0.99 }, { ...orange, share: 0.01 }];
    // 0.49 of the picture must move from orange to blue.
    expect(paletteDistance(half, speck)).toBeCloseTo(0.49 * deltaE(blue, orange), 9);
  });

  it('normalises shares that do not sum to 1', () => {
    const p = [colour(20, 0, 0, 2), colour(80, 0, 0, 2)];
    const q = [colour(20, 0, 0, 0.5), colour(80, 0, 0, 0.5)];
    expect(paletteDistance(p, q)).toBeCloseTo(0, 9);
  });

  it('refuses a palette without colours', () => {
    expect(() => paletteDistance([], [colour(1, 1, 1, 1)])).toThrow(/at least one colour/);
  });
});

describe('containsColours', () => {
  const p = [colour(50, 60, 50, 0.7), colour(30, 10, -40, 0.27), colour(95, 0, 0, 0.03)];

  it('needs every wanted colour within the tolerance of some colour', () => {
    expect(containsColours(p, [{ l: 52, a: 60, b: 50 }], 3)).toBe(true);
    expect(containsColours(p, [{ l: 52, a: 60, b: 50 }], 1.9)).toBe(false);
    expect(containsColours(p, [{ l: 50, a: 60, b: 50 }, { l: 30, a: 10, b: -45 }], 5)).toBe(true);
    expect(containsColours(p, [{ l: 50, a: 60, b: 50 }, { l: 30, a: 10, b: -45 }], 4.9)).toBe(false);
  });

  it(`ignores colours covering less than ${PALETTE_MIN_SHARE * 100}% of the picture`, () => {
    expect(containsColours(p, [{ l: 95, a: 0, b: 0 }], 1)).toBe(false);
    expect(containsColours(p, [{ l: 95, a: 0, b: 0 }], 1, 0.01)).toBe(true);
  });
});
