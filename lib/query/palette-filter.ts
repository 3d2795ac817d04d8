/**
 * Palette filters (docs/search.md), reserved parameters like `_color`:
 *
 * - `_palette=ff8800,004466`: frames whose palette has, for each of these 1-5
 *   colours, a colour covering at least PALETTE_MIN_SHARE of the picture
 *   within `_palette_tolerance` ΔE of it.
 * - `_palette_like=<film>:<frame>`: frames whose palette is within
 *   `_palette_tolerance` (Earth Mover's Distance, ΔE) of that frame's.
 *
 * Both scan the analysed palettes in JS (lib/palette/search.ts), so they
 * need the database; the matching frames become one bound condition.
 * Frames without a palette (not analysed yet) match neither.
 */
import { parseHexColor, rgbToLab, type Lab } from '@/lib/color/lab';
import type { DB } from '@/lib/db/connection';
import { type PaletteSearch, palettesContaining, similarPalettes } from '@/lib/palette/search';
import { maskFromFrames } from '@/lib/columnar/masks';
import { single, type Condition } from './condition';
import { QueryError } from '@/lib/errors';
import type { FilterEntry } from './filter-entry';
import { FRAME_SET_SQL, frameSetParam, parseFrameKey } from './frame-set';
import { recentSearches } from './recent-searches';
import { preparedFor } from '@/lib/db/prepared';

export const PALETTE_PARAMS = ['_palette', '_palette_tolerance', '_palette_like'] as const;
export const DEFAULT_PALETTE_TOLERANCE = 10;
const MAX_PALETTE_TOLERANCE = 100;
const MAX_WANTED_COLOURS = 5;

export interface PaletteClause extends Condition {
  /** How many frames matched, palettes compared and how long the scan took, for the UI to show. */
  search: { frames: number; scanned: number; elapsedMs: number };
}

/** `_palette_tolerance`, checked against the filters that use it. */
export function paletteTolerance(params: URLSearchParams): number {
  const raw = single(params, '_palette_tolerance');
  if (raw === null) return DEFAULT_PALETTE_TOLERANCE;
  if (!params.has('_palette') && !params.has('_palette_like')) {
    throw new QueryError('_palette_tolerance', 'needs _palette or _palette_like: the colours or the frame to measure from');
  }
  const tolerance = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(tolerance >= 0 && tolerance <= MAX_PALETTE_TOLERANCE)) {
    throw new QueryError('_palette_tolerance', `must be a ΔE from 0 to ${MAX_PALETTE_TOLERANCE}, got ${JSON.stringify(raw)}`);
  }
  return tolerance;
}

function parseColours(raw: string): Array<{ hex: string; lab: Lab }> {
  const items = raw.split(',').map((item) => item.trim());
  if (items.length > MAX_WANTED_COLOURS) throw new QueryError('_palette', `takes 1 to ${MAX_WANTED_COLOURS} colours, got ${items.length}`);
  return items.map((item) => {
    const rgb = parseHexColor(item);
    if (!rgb) throw new QueryError('_palette', `must be comma-separated six-digit hex colours such as ff8800,004466; ${JSON.stringify(item)} is not one`);
    return { hex: item.replace(/^#/, '').toLowerCase(), lab: rgbToLab(rgb.red, rgb.green, rgb.blue) };
  });
}

function describeColours(colours: Array<{ hex: string }>): string {
  const named = colours.map((c) => `#${c.hex}`);
  return named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}`;
}

type FrameKey = { film: string; frame: number };

interface Part {
  found: PaletteSearch<FrameKey>;
  description: string;
}

function likePart(db: DB, raw: string, tolerance: number): Part {
  const [film, frameText] = parseFrameKey('_palette_like', raw, 2);
  const frame = Number(frameText);
  const found = similarPalettes(db, film, frame, tolerance);
  if (!found) throw new QueryError('_palette_like', `${film} frame ${frame} has no palette: it is not in the library, or not analysed yet (npm run analyze)`);
  return { found, description: `palette within ΔE ${tolerance} of ${film} frame ${frame}'s` };
}

const keyOf = (m: FrameKey) => `${m.frame}:${m.film}`;

function matchingAll(parts: Part[]): FrameKey[] {
  let matches = parts[0].found.matches;
  for (const part of parts.slice(1)) {
    const keep = new Set(part.found.matches.map(keyOf));
    matches = matches.filter((m) => keep.has(keyOf(m)));
  }
  return matches;
}

// Palettes change with the analysis, which counts every write in analysis_versions.
const recent = recentSearches<{ parts: Part[]; matches: FrameKey[] }>();
const analysisVersion = preparedFor((db: DB) => db.prepare<[], number>("SELECT version FROM analysis_versions WHERE name = 'frame_palettes'").pluck());

/**
 * `_palette` and `_palette_like` (with `_palette_tolerance`) as one WHERE
 * condition on frames, or null when neither is given. Given both, a frame
 * must pass both.
 */
export function paletteClause(db: DB, params: URLSearchParams): PaletteClause | null {
  const rawColours = single(params, '_palette');
  const rawLike = single(params, '_palette_like');
  const tolerance = paletteTolerance(params);
  const colours = rawColours === null ? null : parseColours(rawColours);
  if (rawLike === null && !colours) return null;
  const { parts, matches } = recent.get(db, `${rawColours}|${rawLike}|${tolerance}`, analysisVersion(db).get() ?? 0, () => {
    const found: Part[] = [];
    if (colours) {
      found.push({
        found: palettesContaining(db, colours.map((c) => c.lab), tolerance),
        description: `palette has colours within ΔE ${tolerance} of ${describeColours(colours)}`,
      });
    }
    if (rawLike !== null) found.push(likePart(db, rawLike, tolerance));
    return { parts: found, matches: matchingAll(found) };
  });
  return {
    sql: FRAME_SET_SQL,
    params: [frameSetParam(matches)],
    description: parts.map((p) => p.description).join(' and '),
    mask: (columnar) => maskFromFrames(columnar, matches),
    search: { frames: matches.length, scanned: parts[0].found.scanned, elapsedMs: parts.reduce((sum, p) => sum + p.found.elapsedMs, 0) },
  };
}

export const paletteFilter: FilterEntry = {
  params: PALETTE_PARAMS,
  placement: 'after',
  parse: (params, { where }) => {
    const needing = ['_palette', '_palette_like'].find((param) => params.has(param));
    if (needing && !where) throw new QueryError(needing, 'cannot be used here (a saved selection cannot hold palette or face searches)');
    return where ? [paletteClause(where.db, params)].filter((c) => c !== null) : [];
  },
};
