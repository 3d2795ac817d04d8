/**
 * `_face_like=<film>:<frame>:<face index>` with `_face_distance=d` (default
 * 0.6): frames with a face within Euclidean distance d of that face's 128-d
 * encoding (docs/search.md). With `film=` the search covers those films,
 * without it every film. The scan runs in JS (lib/faces/search.ts) and its
 * matches become one bound condition, so it needs the database.
 */
import type { DB } from '@/lib/db/connection';
import { faceEncoding, searchFaces, type FaceSearch } from '@/lib/faces/search';
import { preparedFor } from '@/lib/db/prepared';
import { maskFromFrames } from '@/lib/columnar/masks';
import { single, type Condition } from './condition';
import { QueryError } from '@/lib/errors';
import type { FilterEntry } from './filter-entry';
import { FRAME_SET_SQL, frameSetParam, parseFrameKey } from './frame-set';
import { recentSearches } from './recent-searches';

export const FACE_PARAMS = ['_face_like', '_face_distance'] as const;
export const DEFAULT_FACE_DISTANCE = 0.6;
/** Encodings are about unit length: no two faces are further apart than this. */
const MAX_FACE_DISTANCE = 2;

export interface FaceLikeClause extends Condition {
  /** Matching faces and frames, faces compared and the scan's time, for the UI to show. */
  search: { faces: number; frames: number; scanned: number; elapsedMs: number };
}

function parseDistance(raw: string | null): number {
  if (raw === null) return DEFAULT_FACE_DISTANCE;
  const distance = /^\d+(\.\d+)?$|^\.\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(distance >= 0 && distance <= MAX_FACE_DISTANCE)) {
    throw new QueryError('_face_distance', `must be a distance from 0 to ${MAX_FACE_DISTANCE}, got ${JSON.stringify(raw)}`);
  }
  return distance;
}

// Encodings change only with an ingest, which moves the frames version.
const recent = recentSearches<FaceSearch>();
const framesVersion = preparedFor((db: DB) => db.prepare<[], number>("SELECT version FROM data_versions WHERE name = 'frames'").pluck());

/** `_face_like` and `_face_distance` as a WHERE condition on frames, or null when `_face_like` is not given. */
export function faceLikeClause(db: DB, params: URLSearchParams): FaceLikeClause | null {
  const raw = single(params, '_face_like');
  const rawDistance = single(params, '_face_distance');
  if (raw === null) {
    if (rawDistance !== null) throw new QueryError('_face_distance', 'needs _face_like: the face to measure the distance from');
    return null;
  }
  const [film, frameText, indexText] = parseFrameKey('_face_like', raw, 3);
  if (!/^(0|[1-9]\d{0,2})$/.test(indexText)) throw new QueryError('_face_like', `the face index must be a whole number (0 is the primary face), got ${JSON.stringify(indexText)}`);
  const frame = Number(frameText);
  const faceIndex = Number(indexText);
  const distance = parseDistance(rawDistance);
  const target = faceEncoding(db, film, frame, faceIndex);
  if (!target) throw new QueryError('_face_like', `${film} frame ${frame} has no face ${faceIndex} with an encoding`);
  const films = params.getAll('film');
  const found = recent.get(db, `${raw}|${distance}|${films.join(',')}`, framesVersion(db).get() ?? 0, () =>
    searchFaces(db, target, distance, films.length > 0 ? films : undefined),
  );
  const frames = frameSetParam(found.matches);
  return {
    sql: FRAME_SET_SQL,
    params: [frames],
    description: `face within ${distance} of ${film} frame ${frame} face ${faceIndex}`,
    mask: (columnar) => maskFromFrames(columnar, found.matches),
    search: {
      faces: found.matches.length,
      frames: new Set(found.matches.map((m) => `${m.frame}:${m.film}`)).size,
      scanned: found.scanned,
      elapsedMs: found.elapsedMs,
    },
  };
}

export const faceFilter: FilterEntry = {
  params: FACE_PARAMS,
  placement: 'after',
  parse: (params, { where }) => {
    const needing = ['_face_like'].find((param) => params.has(param));
    if (needing && !where) throw new QueryError(needing, 'cannot be used here (a saved selection cannot hold palette or face searches)');
    return where ? [faceLikeClause(where.db, params)].filter((c) => c !== null) : [];
  },
};
