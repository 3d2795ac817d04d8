/**
 * Which copy answers a request. The server loads the columnar copy in a
 * worker thread when it starts and again after every ingest; until a copy
 * matching the database's `frames` version is ready, columnarFor answers
 * null and the request is answered by SQLite, so the server answers from
 * its first second and never from a stale copy. Tests load synchronously.
 *
 * State lives on globalThis: the custom server and Next's bundled route
 * modules are separate module instances in one process (see
 * lib/server/process-context.ts) and must share one copy; the loader is
 * kept in that state too, so whichever instance notices a change starts it.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import type { FrameColumns } from './frame-columns';
import { loadFrameColumns } from './load';
import { columnarOf, type Columnar } from './masks';

export interface LoadedColumns {
  frames: FrameColumns;
  /** Where it came from, for the server's log: 'database' or 'saved copy'. */
  source: string;
}

/** 'sync' reads the copy inside the request that finds it missing or stale; a function loads it in the background. */
export type Loader = 'sync' | (() => Promise<LoadedColumns>);

interface Engine {
  load: Loader;
  ready: Columnar | null;
  pending: Promise<void> | null;
  /** The frames version whose load failed: not tried again until the database changes. */
  failedAt: number | null;
  failure: unknown;
  onLoaded?: (loaded: LoadedColumns, ms: number) => void;
}

const holder = globalThis as typeof globalThis & { __stillroomColumnar?: WeakMap<DB, Engine> };
const engines: WeakMap<DB, Engine> = (holder.__stillroomColumnar ??= new WeakMap());

const versionOf = preparedFor((db: DB) => db.prepare<[], number>("SELECT version FROM data_versions WHERE name = 'frames'").pluck());

function currentVersion(db: DB): number {
  return versionOf(db).get() ?? 0;
}

/** From now on, answer `db`'s queries from a columnar copy whenever one is current. */
export function enableColumnar(db: DB, load: Loader, onLoaded?: Engine['onLoaded']): void {
  const engine: Engine = { load, ready: null, pending: null, failedAt: null, failure: null, onLoaded };
  engines.set(db, engine);
  if (load !== 'sync') startLoad(db, engine);
}

export function disableColumnar(db: DB): void {
  engines.delete(db);
}

function startLoad(db: DB, engine: Engine): void {
  const load = engine.load;
  if (engine.pending || load === 'sync') return;
  const started = performance.now();
  const version = currentVersion(db);
  engine.pending = load().then(
    (loaded) => {
      engine.pending = null;
      if (engines.get(db) !== engine) return;
      engine.ready = columnarOf(loaded.frames, db);
      engine.failedAt = null;
      engine.onLoaded?.(loaded, performance.now() - started);
    },
    (error: unknown) => {
      // Answers stay with SQLite; a later change to the library tries again.
      engine.pending = null;
      engine.failedAt = version;
      engine.failure = error;
      console.error('[stillroom] loading the columnar copy failed; queries are answered by SQLite:', error);
    },
  );
}

/**
 * The copy to answer from, or null for SQLite. Call inside the request's
 * read transaction: the version read there and the rows the answer then
 * reads from SQLite (faces, marks) belong to the same snapshot as the copy.
 */
export function columnarFor(db: DB): Columnar | null {
  const engine = engines.get(db);
  if (!engine) return null;
  const version = currentVersion(db);
  if (engine.ready?.frames.version === version) return engine.ready;
  if (engine.load === 'sync') {
    engine.ready = columnarOf(loadFrameColumns(db), db);
    return engine.ready;
  }
  if (engine.failedAt !== version) startLoad(db, engine);
  return null;
}

/** Resolves once a copy matching the database is ready, for the server's start-up, benchmarks and tests. */
export async function columnarReady(db: DB): Promise<void> {
  for (;;) {
    const engine = engines.get(db);
    if (!engine) throw new Error('no columnar copy is enabled for this database');
    if (columnarFor(db)) return;
    if (!engine.pending) throw engine.failure ?? new Error('the columnar copy is not loading');
    await engine.pending;
  }
}

export interface QueryEngineStatus {
  /** Which path answers /api/frames now. */
  answeredBy: 'columnar copy' | 'SQLite';
  /** 'loading' while a copy is being read in the background. */
  columnar: 'off' | 'loading' | 'ready' | 'failed';
  /** Frames in the copy in use, null when none is. */
  frames: number | null;
}

/** For GET /api/status and the benchmarks: whether the copy is answering, and what it holds. */
export function queryEngineStatus(db: DB): QueryEngineStatus {
  const engine = engines.get(db);
  if (!engine) return { answeredBy: 'SQLite', columnar: 'off', frames: null };
  const ready = db.transaction(() => columnarFor(db))();
  const columnar = ready ? 'ready' : engine.pending ? 'loading' : engine.failedAt !== null ? 'failed' : 'loading';
  return { answeredBy: ready ? 'columnar copy' : 'SQLite', columnar, frames: ready ? ready.frames.rows : null };
}
