/**
 * `_color=rrggbb&_color_distance=D`: frames whose mean colour lies within a
 * CIELAB ΔE (CIE76) of a colour. A reserved-parameter filter: it adds one
 * clause to the WHERE built from the column filters, with its own sentence.
 */
import { parseHexColor, rgbToLab } from '@/lib/color/lab';
import { lowerBound } from '@/lib/columnar/frame-columns';
import { decodedNumbers } from './columnar-evaluate';
import { emptyMask } from '@/lib/columnar/masks';
import { framesOnlyKey, single, type Condition } from './condition';
import { QueryError } from '@/lib/errors';
import type { FilterEntry } from './filter-entry';

export const COLOUR_PARAMS = ['_color', '_color_distance'] as const;
export const DEFAULT_COLOUR_DISTANCE = 10;
const MAX_COLOUR_DISTANCE = 200;

export function colourClause(params: URLSearchParams): Condition | null {
  const colour = single(params, '_color');
  const rawDistance = single(params, '_color_distance');
  if (colour === null) {
    if (rawDistance !== null) throw new QueryError('_color_distance', 'needs _color: the colour to measure the distance from');
    return null;
  }
  const rgb = parseHexColor(colour);
  if (!rgb) throw new QueryError('_color', `must be a six-digit hex colour such as ff8800, got ${JSON.stringify(colour)}`);
  const distance = rawDistance === null ? DEFAULT_COLOUR_DISTANCE : /^\d+(\.\d+)?$/.test(rawDistance.trim()) ? Number(rawDistance) : NaN;
  if (!(distance >= 0 && distance <= MAX_COLOUR_DISTANCE)) {
    throw new QueryError('_color_distance', `must be a ΔE from 0 to ${MAX_COLOUR_DISTANCE}, got ${JSON.stringify(rawDistance)}`);
  }
  const { l, a, b } = rgbToLab(rgb.red, rgb.green, rgb.blue);
  const hex = colour.replace(/^#/, '').toLowerCase();
  const sql =
    '"lab_l" BETWEEN ? AND ? AND ' + '("lab_l" - ?) * ("lab_l" - ?) + ("lab_a" - ?) * ("lab_a" - ?) + ("lab_b" - ?) * ("lab_b" - ?) <= ?';
  const bound = [l - distance, l + distance, l, l, a, a, b, b, distance * distance];
  return {
    // Squared distance against a squared bound: no sqrt per row. The box test first lets the
    // planner and the CPU drop most frames on one column before the arithmetic.
    sql,
    params: bound,
    description: `colour within ΔE ${distance} of #${hex}`,
    // The SQL's arithmetic in the same order, so a frame on the boundary is decided alike.
    mask: (columnar) => {
      const [lo, hi, , , , , , , limit] = bound;
      const { lab_l } = columnar.frames.columns;
      // The box on lab_l as a range of codes (the dictionary is sorted), so most rows cost one integer
      // comparison; the rest do the SQL's arithmetic in the SQL's order, deciding a boundary frame alike.
      const from = lowerBound(lab_l.values, lo);
      const to = lowerBound(lab_l.values, hi, true);
      const lc = lab_l.codes;
      const ls = decodedNumbers(columnar, 'lab_l');
      const as = decodedNumbers(columnar, 'lab_a');
      const bs = decodedNumbers(columnar, 'lab_b');
      const mask = emptyMask(columnar.frames.rows);
      for (let i = 0; i < lc.length; i++) {
        const code = lc[i];
        if (code < from || code >= to) continue;
        // NaN (NULL) fails the comparison, as NULL does in SQL.
        const d = (ls[i] - l) * (ls[i] - l) + (as[i] - a) * (as[i] - a) + (bs[i] - b) * (bs[i] - b);
        if (d <= limit) mask[i] = 1;
      }
      return mask;
    },
    cacheKey: framesOnlyKey(sql, bound),
  };
}

export const colourFilter: FilterEntry = {
  params: COLOUR_PARAMS,
  placement: 'after',
  parse: (params) => [colourClause(params)].filter((c) => c !== null),
};
