/**
 * SIGKILL the ingest CLI at seeded random moments and open what it left:
 * SQLite must be intact, every film either absent or complete (exactly the
 * frames, faces and subtitles of a clean ingest, from before the run or from
 * it), and the user's selections untouched. The ingest writes each film in
 * one transaction (lib/ingest/store.ts); this shows it survives a crash,
 * not only an error.
 */
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';
import { applyChange, createSelection } from '@/lib/selections';
import { demoLibrary } from '../../helpers/demo-db';
import { makeTempDir } from '../../helpers/library';
import { killAfter, seededRandom } from './kill';

const KILLS = 10;

interface FilmTotals {
  frame_count: number;
  frames: number;
  frame_sum: number;
  faces: number;
  face_size_sum: number;
  subtitles: number;
}

function filmTotals(db: DB): Map<string, FilmTotals & { ingested_at: string }> {
  const rows = db
    .prepare<[], FilmTotals & { film: string; ingested_at: string }>(
      `SELECT f.film, f.frame_count, f.ingested_at,
         (SELECT count(*) FROM frames WHERE film = f.film) AS frames,
         (SELECT coalesce(sum(frame), 0) FROM frames WHERE film = f.film) AS frame_sum,
         (SELECT count(*) FROM faces WHERE film = f.film) AS faces,
         (SELECT coalesce(round(sum(size), 3), 0) FROM faces WHERE film = f.film) AS face_size_sum,
         (SELECT count(*) FROM subtitles WHERE film = f.film) AS subtitles
       FROM films f ORDER BY f.film`,
    )
    .all();
  return new Map(rows.map(({ film, ...totals }) => [film, totals]));
}

/** The user's own tables, whole. */
function curation(db: DB): unknown[] {
  return ['selections', 'selection_changes', 'selection_history', 'selection_history_frames'].map((table) =>
    db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all(),
  );
}

/** True once the ingest has written to the database (the WAL grows at its first commit). */
function writing(dbFile: string): () => boolean {
  return () => {
    try {
      return statSync(`${dbFile}-wal`).size > 0;
    } catch {
      return false;
    }
  };
}

function ingestCommand(root: string, dbFile: string): string[] {
  return ['--import', 'tsx', 'scripts/ingest.ts', root, '--db', dbFile, '--force'];
}

describe('a killed ingest', () => {
  let dir: string;
  let cleanup: () => void;
  let root: string;
  /** Pre-ingested, with a curated selection: the state a re-ingest starts from. */
  let ingested: string;
  /** Only the selection, no films yet: a first ingest. */
  let empty: string;
  let expected: Map<string, FilmTotals & { ingested_at: string }>;
  let expectedCuration: unknown[];
  let emptyCuration: unknown[];
  /** From the first write to the end of a clean run: the window the kills land in. */
  let duration: number;

  beforeAll(async () => {
    ({ dir, cleanup } = makeTempDir('faults-ingest'));
    root = await demoLibrary();
    ingested = path.join(dir, 'ingested.db');
    const db = openDatabase(ingested);
    await ingestLibrary(db, root);
    const { id } = createSelection(db, { name: 'kept', query: 'prim_char_flag=1' });
    applyChange(db, id, { action: 'exclude', frames: [{ film: 'the_hustle_2019', frame: 20 }] });
    applyChange(db, id, { action: 'include', frames: [{ film: 'knives_out_2019', frame: 3 }] });
    expected = filmTotals(db);
    expectedCuration = curation(db);
    db.close();

    empty = path.join(dir, 'empty.db');
    const fresh = openDatabase(empty);
    createSelection(fresh, { name: 'kept', query: 'faces_found__gt=1' });
    emptyCuration = curation(fresh);
    fresh.close();

    // How long the writing part of a run takes, so the kills land anywhere in it rather than in Node's start-up.
    const timing = path.join(dir, 'timing.db');
    copyFileSync(ingested, timing);
    let firstWrite = 0;
    const started = Date.now();
    const result = await killAfter(ingestCommand(root, timing), Number.POSITIVE_INFINITY, {
      ready: () => {
        if (writing(timing)()) firstWrite ||= Date.now();
        return firstWrite > 0;
      },
    });
    duration = Date.now() - (firstWrite || started);
    expect(result, 'a clean ingest exits 0').toEqual({ code: 0, signal: null });
    const check = openDatabase(timing);
    expect([...filmTotals(check).values()].map(({ ingested_at: _, ...t }) => t)).toEqual([...expected.values()].map(({ ingested_at: _, ...t }) => t));
    check.close();
  });

  afterAll(() => cleanup?.());

  it(`leaves every film old or new, never half, and curation intact (${KILLS} seeded kills)`, async () => {
    const random = seededRandom(8);
    const outcomes: string[] = [];
    for (let run = 0; run < KILLS; run++) {
      const fromEmpty = run % 2 === 1;
      const dbFile = path.join(dir, `run-${run}.db`);
      copyFileSync(fromEmpty ? empty : ingested, dbFile);
      const delay = Math.round(random() * duration);
      const result = await killAfter(ingestCommand(root, dbFile), delay, { ready: writing(dbFile) });

      const db = openDatabase(dbFile);
      try {
        const what = `run ${run} (${fromEmpty ? 'first ingest' : 're-ingest'}, killed after ${delay} ms, ${JSON.stringify(result)})`;
        expect(db.pragma('integrity_check', { simple: true }), what).toBe('ok');
        expect(db.pragma('foreign_key_check'), what).toEqual([]);
        const films = filmTotals(db);
        if (!fromEmpty) expect([...films.keys()], `${what}: a re-ingest never loses a film`).toEqual([...expected.keys()]);
        let renewed = 0;
        for (const [film, totals] of films) {
          const clean = expected.get(film);
          expect(clean, `${what}: unexpected film ${film}`).toBeDefined();
          const { ingested_at, ...counts } = totals;
          const { ingested_at: cleanAt, ...cleanCounts } = clean as FilmTotals & { ingested_at: string };
          expect(counts, `${what}: film ${film} is complete`).toEqual(cleanCounts);
          if (ingested_at !== cleanAt) renewed++;
        }
        expect(curation(db), `${what}: the selections are untouched`).toEqual(fromEmpty ? emptyCuration : expectedCuration);
        outcomes.push(`${delay}ms: ${films.size} films, ${fromEmpty ? films.size : renewed} written by the killed run`);
      } finally {
        db.close();
      }
      rmSync(dbFile, { force: true });
      expect(existsSync(`${dbFile}-wal`)).toBe(false);
    }
    console.log(`ingest killed ${KILLS} times within ${duration} ms of its first write:\n  ${outcomes.join('\n  ')}`);
  });
});
