/**
 * `_color=rrggbb&_color_distance=D`: frames whose mean colour lies within a
 * CIELAB ΔE (CIE76) of a colour. A reserved-parameter filter: it adds one
 * clause to the WHERE built from the column filters, with its own sentence.
 */
import { parseHexColor, rgbToLab } from '@/lib/color/lab';
import { QueryError } from './errors';

export const COLOUR_PARAMS = ['_color', '_color_distance'] as const;
export const DEFAULT_COLOUR_DISTANCE = 10;
const MAX_COLOUR_DISTANCE = 200;

export interface ColourClause {
  sql: string;
  params: number[];
  description: string;
}

function single(params: URLSearchParams, name: string): string | null {
  const values = params.getAll(name);
  if (values.length > 1) throw new QueryError(name, 'given more than once');
  return values[0] ?? null;
}

export function colourClause(params: URLSearchParams): ColourClause | null {
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
  return {
    // Squared distance against a squared bound: no sqrt per row. The box test first lets the
    // planner and the CPU drop most frames on one column before the arithmetic.
    sql:
      '"lab_l" BETWEEN ? AND ? AND ' +
      '("lab_l" - ?) * ("lab_l" - ?) + ("lab_a" - ?) * ("lab_a" - ?) + ("lab_b" - ?) * ("lab_b" - ?) <= ?',
    params: [l - distance, l + distance, l, l, a, a, b, b, distance * distance],
    description: `colour within ΔE ${distance} of #${hex}`,
  };
}
