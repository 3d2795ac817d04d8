/**
 * `_dupes_of=<film>:<frame>` (docs/search.md, "Near-duplicates"): the frames
 * whose perceptual hash is within `_dupe_distance` bits of that frame's (and
 * whose mean colour is close), the frame itself included, in every film.
 * Found in JS with the multi-index over every hash (lib/dupes/), then one
 * bound condition, as the palette filters are.
 */
import { maskFromFrames } from '@/lib/columnar/masks';
import type { DB } from '@/lib/db/connection';
import { hashIndexOf, libraryHashes, libraryIndex } from '@/lib/dupes/library';
import { DEFAULT_DUPE_DISTANCE, MAX_DUPE_DISTANCE, validDupeDistance } from '@/lib/dupes/match';
import { single } from './condition';
import { QueryError } from '@/lib/errors';
import type { FilterEntry } from './filter-entry';
import { FRAME_SET_SQL, frameSetParam, parseFrameKey } from './frame-set';
import type { PaletteClause } from './palette-filter';

export const DUPES_PARAMS = ['_dupes_of', '_dupe_distance'] as const;

/** The condition, its sentence, and what the search found, shaped as the palette filters' answer. */
export type DupesClause = PaletteClause;

/** `_dupe_distance`, checked: needs `_dupes_of`, an integer of bits from 0 to MAX_DUPE_DISTANCE. */
export function dupeDistance(params: URLSearchParams): number {
  const raw = single(params, '_dupe_distance');
  if (raw === null) return DEFAULT_DUPE_DISTANCE;
  if (!params.has('_dupes_of')) throw new QueryError('_dupe_distance', 'needs _dupes_of: the frame to measure from');
  const distance = /^\d{1,3}$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!validDupeDistance(distance)) {
    throw new QueryError('_dupe_distance', `must be a number of bits from 0 to ${MAX_DUPE_DISTANCE}, got ${JSON.stringify(raw)}`);
  }
  return distance;
}

export function dupesClause(db: DB, params: URLSearchParams): DupesClause | null {
  const raw = single(params, '_dupes_of');
  const distance = dupeDistance(params);
  if (raw === null) return null;
  const [film, frameText] = parseFrameKey('_dupes_of', raw, 2);
  const frame = Number(frameText);
  const started = performance.now();
  const i = hashIndexOf(db, film, frame);
  if (i === null) throw new QueryError('_dupes_of', `${film} frame ${frame} has no hash: it is not in the library, or not analysed yet (npm run analyze)`);
  const hashes = libraryHashes(db);
  const matches: Array<{ film: string; frame: number }> = [];
  const scanned = libraryIndex(db).forEachNear(i, distance, (j) => matches.push({ film: hashes.films[hashes.film[j]], frame: hashes.frame[j] }));
  return {
    sql: FRAME_SET_SQL,
    params: [frameSetParam(matches)],
    description: `near-duplicate (within ${distance} bits) of ${film} frame ${frame}`,
    mask: (columnar) => maskFromFrames(columnar, matches),
    search: { frames: matches.length, scanned, elapsedMs: performance.now() - started },
  };
}

export const dupesFilter: FilterEntry = {
  params: DUPES_PARAMS,
  placement: 'after',
  parse: (params, { where }) => {
    const needing = DUPES_PARAMS.find((param) => params.has(param));
    if (needing && !where) throw new QueryError(needing, 'cannot be used here (a saved selection cannot hold palette, face or near-duplicate searches)');
    return where ? [dupesClause(where.db, params)].filter((c) => c !== null) : [];
  },
};
