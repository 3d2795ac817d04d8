/**
 * "More frames of this person": exact nearest-face search over the 128-d
 * dlib encodings (faces.encoding), by Euclidean distance, the measure
 * face_recognition's 0.6 "same person" threshold is stated in.
 *
 * Each film's encodings are copied once into one contiguous Float32Array
 * and kept per database handle; a film is reloaded when its
 * films.ingested_at changes (every ingest of it rewrites its faces). The
 * scan compares squared distances, 16 dimensions at a time, and leaves a
 * face as soon as its partial sum passes the limit: most faces are other
 * people, far away, and are dropped after half their dimensions.
 */
import os from 'node:os';
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';

export const ENCODING_SIZE = 128;
const ENCODING_BYTES = ENCODING_SIZE * 4;

/** Encodings of one set of faces, row after row. */
export interface FaceArrays {
  count: number;
  encodings: Float32Array;
}

interface FilmFaces extends FaceArrays {
  stamp: string;
  frame: Float64Array;
  faceIndex: Uint32Array;
}

export interface FaceMatch {
  film: string;
  frame: number;
  faceIndex: number;
  distance: number;
}

export interface FaceSearch {
  /** Nearest first. */
  matches: FaceMatch[];
  /** Faces compared. */
  scanned: number;
  elapsedMs: number;
}

const statements = preparedFor((db: DB) => ({
  films: db.prepare<[], { film: string; ingested_at: string }>('SELECT film, ingested_at FROM films ORDER BY film'),
  count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM faces WHERE film = ? AND encoding IS NOT NULL'),
  faces: db
    .prepare<[string], [number, number, Buffer]>(
      'SELECT frame, face_index, encoding FROM faces WHERE film = ? AND encoding IS NOT NULL ORDER BY frame, face_index',
    )
    .raw(),
  one: db.prepare<[string, number, number], { encoding: Buffer | null }>('SELECT encoding FROM faces WHERE film = ? AND frame = ? AND face_index = ?'),
}));

const LITTLE_ENDIAN = os.endianness() === 'LE';

/** A stored encoding as floats; throws naming the face when the blob is not 128 float32. */
function decode(blob: Buffer, into: Float32Array, offset: number, where: string): void {
  if (blob.length !== ENCODING_BYTES) throw new Error(`${where}: face encoding has ${blob.length} bytes, expected ${ENCODING_BYTES}`);
  if (LITTLE_ENDIAN) new Uint8Array(into.buffer, into.byteOffset + offset * 4, ENCODING_BYTES).set(blob);
  else for (let d = 0; d < ENCODING_SIZE; d++) into[offset + d] = blob.readFloatLE(d * 4);
}

function loadFilm(db: DB, film: string, stamp: string): FilmFaces {
  const s = statements(db);
  const count = s.count.get(film)?.n ?? 0;
  const faces: FilmFaces = { stamp, count, encodings: new Float32Array(count * ENCODING_SIZE), frame: new Float64Array(count), faceIndex: new Uint32Array(count) };
  let i = 0;
  for (const [frame, faceIndex, blob] of s.faces.iterate(film)) {
    if (i === count) break; // rows added since the count: the next stamp check reloads
    decode(blob, faces.encodings, i * ENCODING_SIZE, `${film} frame ${frame} face ${faceIndex}`);
    faces.frame[i] = frame;
    faces.faceIndex[i] = faceIndex;
    i++;
  }
  faces.count = i;
  return faces;
}

const caches = new WeakMap<DB, Map<string, FilmFaces>>();

/** The named films' faces (every film's when `films` is omitted), reloading films ingested since. */
function filmFaces(db: DB, films?: readonly string[]): Array<[string, FilmFaces]> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const current = statements(db).films.all();
  const present = new Set(current.map((f) => f.film));
  for (const film of cache.keys()) if (!present.has(film)) cache.delete(film);
  const wanted = films ? new Set(films) : null;
  const out: Array<[string, FilmFaces]> = [];
  for (const { film, ingested_at } of current) {
    if (wanted && !wanted.has(film)) continue;
    let faces = cache.get(film);
    if (!faces || faces.stamp !== ingested_at) {
      faces = loadFilm(db, film, ingested_at);
      cache.set(film, faces);
    }
    out.push([film, faces]);
  }
  return out;
}

/** One face's encoding; null when there is no such face or it has no encoding. */
export function faceEncoding(db: DB, film: string, frame: number, faceIndex: number): Float32Array | null {
  const row = statements(db).one.get(film, frame, faceIndex);
  if (!row?.encoding) return null;
  const encoding = new Float32Array(ENCODING_SIZE);
  decode(row.encoding, encoding, 0, `${film} frame ${frame} face ${faceIndex}`);
  return encoding;
}

/**
 * Calls `found(row, squaredDistance)` for every face of `faces` within
 * `maxDistance` of `target`. The hot loop of every face search.
 */
export function scanFaces(faces: FaceArrays, target: Float32Array, maxDistance: number, found: (row: number, squared: number) => void): void {
  const limit = maxDistance * maxDistance;
  const e = faces.encodings;
  for (let row = 0, base = 0; row < faces.count; row++, base += ENCODING_SIZE) {
    let sum = 0;
    for (let d = 0; d < ENCODING_SIZE; d += 16) {
      const p = base + d;
      const x0 = e[p] - target[d], x1 = e[p + 1] - target[d + 1], x2 = e[p + 2] - target[d + 2], x3 = e[p + 3] - target[d + 3];
      const x4 = e[p + 4] - target[d + 4], x5 = e[p + 5] - target[d + 5], x6 = e[p + 6] - target[d + 6], x7 = e[p + 7] - target[d + 7];
      const x8 = e[p + 8] - target[d + 8], x9 = e[p + 9] - target[d + 9], x10 = e[p + 10] - target[d + 10], x11 = e[p + 11] - target[d + 11];
      const x12 = e[p + 12] - target[d + 12], x13 = e[p + 13] - target[d + 13], x14 = e[p + 14] - target[d + 14], x15 = e[p + 15] - target[d + 15];
      sum += x0 * x0 + x1 * x1 + x2 * x2 + x3 * x3 + x4 * x4 + x5 * x5 + x6 * x6 + x7 * x7;
      sum += x8 * x8 + x9 * x9 + x10 * x10 + x11 * x11 + x12 * x12 + x13 * x13 + x14 * x14 + x15 * x15;
      if (sum > limit) break;
    }
    if (sum <= limit) found(row, sum);
  }
}

/**
 * Every face within `maxDistance` of `target`, in the named films (every
 * film when `films` is omitted), nearest first (ties by film, frame, face).
 */
export function searchFaces(db: DB, target: Float32Array, maxDistance: number, films?: readonly string[]): FaceSearch {
  const started = performance.now();
  const matches: FaceMatch[] = [];
  let scanned = 0;
  // One snapshot for the stamps and the faces they stand for, even while an ingest writes.
  for (const [film, faces] of db.transaction(() => filmFaces(db, films))()) {
    scanned += faces.count;
    scanFaces(faces, target, maxDistance, (row, squared) => {
      matches.push({ film, frame: faces.frame[row], faceIndex: faces.faceIndex[row], distance: Math.sqrt(squared) });
    });
  }
  matches.sort((p, q) => p.distance - q.distance || (p.film < q.film ? -1 : p.film > q.film ? 1 : p.frame - q.frame || p.faceIndex - q.faceIndex));
  return { matches, scanned, elapsedMs: performance.now() - started };
}
