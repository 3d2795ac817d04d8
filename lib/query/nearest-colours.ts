/**
 * When a colour search (`_color`) finds nothing: the mean colours the frames
 * matching every other filter do have, nearest first, each with its ΔE from
 * the colour asked for and one frame that has it. Offered as one-click
 * suggestions, so "no results" leads somewhere.
 */
import { parseHexColor, rgbToLab } from '@/lib/color/lab';
import type { DB } from '@/lib/db/connection';
import { COLOUR_PARAMS } from './colour-filter';
import { single } from './condition';
import { QueryError } from '@/lib/errors';
import { buildWhere, onlyFilters } from './filters';
import { whereSql } from './page';
import { selectionLookup } from './selection-filter';
import { cachedStatement } from './statements';

export interface NearColour {
  /** The frame's mean colour, rrggbb. */
  hex: string;
  /** CIE76 ΔE from the colour asked for, to one decimal. */
  distance: number;
  film: string;
  frame: number;
}

export const MAX_NEAREST = 12;
/** Frames read, nearest first, to find that many distinct colours: neighbouring frames of a shot share one. */
const READ_PER_COLOUR = 40;

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** Up to `count` distinct mean colours nearest `_color`, among the frames matching the other filters of `params`. */
export function nearestColours(db: DB, params: URLSearchParams, count = 5): NearColour[] {
  const colour = single(params, '_color');
  if (colour === null) throw new QueryError('_color', 'needs the colour to find the nearest ones to, e.g. _color=2a4d6e');
  const rgb = parseHexColor(colour);
  if (!rgb) throw new QueryError('_color', `must be a six-digit hex colour such as ff8800, got ${JSON.stringify(colour)}`);
  if (!(Number.isInteger(count) && count >= 1 && count <= MAX_NEAREST)) throw new QueryError('n', `must be a whole number from 1 to ${MAX_NEAREST}, got ${count}`);
  const others = onlyFilters(new URLSearchParams([...params].filter(([name]) => !(COLOUR_PARAMS as readonly string[]).includes(name) && name !== 'n')));
  const where = buildWhere(others, selectionLookup(db));
  const { l, a, b } = rgbToLab(rgb.red, rgb.green, rgb.blue);
  const rows = cachedStatement(
    db,
    'SELECT film, frame, red, green, blue, ("lab_l" - ?) * ("lab_l" - ?) + ("lab_a" - ?) * ("lab_a" - ?) + ("lab_b" - ?) * ("lab_b" - ?) AS d2 ' +
      `FROM frames${whereSql(where, '"lab_l" IS NOT NULL')} ORDER BY d2, film, frame LIMIT ?`,
  ).all(l, l, a, a, b, b, ...where.params, count * READ_PER_COLOUR) as Array<{ film: string; frame: number; red: number; green: number; blue: number; d2: number }>;
  const found = new Map<string, NearColour>();
  for (const row of rows) {
    const hex = `${hex2(row.red)}${hex2(row.green)}${hex2(row.blue)}`;
    if (!found.has(hex)) found.set(hex, { hex, distance: Math.round(Math.sqrt(row.d2) * 10) / 10, film: row.film, frame: row.frame });
    if (found.size === count) break;
  }
  return [...found.values()];
}
