/**
 * Every analysed frame's hash, held in typed arrays per database handle
 * with its multi-index (lib/dupes/match.ts), read again when
 * analysis_versions says frame_hashes changed (an analysis in another
 * process is seen at the next request), as the palettes are
 * (lib/palette/search.ts). The library-wide near-duplicate groups, which
 * `_collapse=dupes` shows, are formed on first use after each change.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { DEFAULT_DUPE_DISTANCE, HashIndex, type HashArrays } from './match';

export interface LibraryHashes extends HashArrays {
  version: number;
  films: string[];
  /** Per hash: index into `films`, and frame number; in film and frame order. */
  film: Uint32Array;
  frame: Uint32Array;
}

interface Loaded {
  hashes: LibraryHashes;
  byFilm: Map<string, Map<number, number>>;
  index: HashIndex | null;
  groups: Int32Array | null;
}

const statements = preparedFor((db: DB) => ({
  version: db.prepare<[], { version: number }>("SELECT version FROM analysis_versions WHERE name = 'frame_hashes'"),
  count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM frame_hashes WHERE hash_hi IS NOT NULL'),
  all: db
    .prepare<[], unknown[]>('SELECT film, frame, hash_hi, hash_lo, mean_l, mean_a, mean_b FROM frame_hashes WHERE hash_hi IS NOT NULL ORDER BY film, frame')
    .raw(),
}));

const loaded = new WeakMap<DB, Loaded>();

function load(db: DB, version: number): Loaded {
  const s = statements(db);
  const count = s.count.get()?.n ?? 0;
  const hashes: LibraryHashes = {
    version,
    count,
    films: [],
    film: new Uint32Array(count),
    frame: new Uint32Array(count),
    hi: new Uint32Array(count),
    lo: new Uint32Array(count),
    lab: new Float32Array(count * 3),
  };
  const byFilm = new Map<string, Map<number, number>>();
  let frames: Map<number, number> | undefined;
  let i = 0;
  for (const row of s.all.iterate()) {
    const film = row[0] as string;
    if (hashes.films[hashes.films.length - 1] !== film) {
      hashes.films.push(film);
      frames = new Map();
      byFilm.set(film, frames);
    }
    hashes.film[i] = hashes.films.length - 1;
    hashes.frame[i] = row[1] as number;
    hashes.hi[i] = row[2] as number;
    hashes.lo[i] = row[3] as number;
    for (let c = 0; c < 3; c++) hashes.lab[i * 3 + c] = row[4 + c] as number;
    frames?.set(row[1] as number, i);
    i++;
  }
  return { hashes, byFilm, index: null, groups: null };
}

function current(db: DB): Loaded {
  return db.transaction(() => {
    const version = statements(db).version.get()?.version ?? 0;
    let state = loaded.get(db);
    if (!state || state.hashes.version !== version) {
      state = load(db, version);
      loaded.set(db, state);
    }
    return state;
  })();
}

export function libraryHashes(db: DB): LibraryHashes {
  return current(db).hashes;
}

/** The index of a frame's hash in libraryHashes, or null when it has none. */
export function hashIndexOf(db: DB, film: string, frame: number): number | null {
  return current(db).byFilm.get(film)?.get(frame) ?? null;
}

/** hashIndexOf without touching the database: for SQL functions, which run while a statement holds the connection. */
export function hashLookup(db: DB): (film: string, frame: number) => number | null {
  const { byFilm } = current(db);
  return (film, frame) => byFilm.get(film)?.get(frame) ?? null;
}

export function libraryIndex(db: DB): HashIndex {
  const state = current(db);
  state.index ??= new HashIndex(state.hashes);
  return state.index;
}

/**
 * The library's near-duplicate groups at the default distance, representatives
 * taken in film and frame order: per hash, its representative's index.
 */
export function libraryGroups(db: DB): Int32Array {
  const state = current(db);
  if (!state.groups) {
    const index = libraryIndex(db);
    state.groups = index.groups(index.members, DEFAULT_DUPE_DISTANCE);
  }
  return state.groups;
}
