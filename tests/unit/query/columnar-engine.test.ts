/**
 * When the columnar copy answers, and that it is never stale: a re-ingested
 * film is seen whole or not at all, a curation action is seen by the very
 * next `_in_selection` query, a copy loading in the background leaves the
 * answers to SQLite until it is ready, and the copy saved beside the
 * database is used only for the database and version it was made from.
 * Real SQLite files and a real worker thread throughout.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cacheFileOf, databaseId, loadColumnsWithCache, readColumnCache } from '@/lib/columnar/cache-file';
import { columnarReady, enableColumnar, queryEngineStatus, type LoadedColumns } from '@/lib/columnar/engine';
import { loadFrameColumns } from '@/lib/columnar/load';
import { loadInWorker } from '@/lib/columnar/worker-loader';
import { FRAME_COLUMN_NAMES, type FrameRow } from '@/lib/db/columns';
import { queryFrames } from '@/lib/query/frames';
import { applyChange } from '@/lib/selections/history';
import { createSelection } from '@/lib/selections/store';
import { makeLibrary, type Library } from './library-fixture';
import path from 'node:path';

let lib: Library;
beforeEach(() => {
  lib = makeLibrary();
});
afterEach(() => lib.close());

const FILM = 'joker_2019';
const q = (query: string) => new URLSearchParams(query);

/** What an ingest does to a film, in one transaction: its rows replaced, here each frame's brightness set to `brightness`. */
function reingest(brightness: number): void {
  const rows = lib.db.prepare('SELECT * FROM frames WHERE film = ?').all(FILM) as FrameRow[];
  const film = lib.db.prepare('SELECT * FROM films WHERE film = ?').get(FILM) as Record<string, unknown>;
  lib.db
    .transaction(() => {
      lib.db.prepare('DELETE FROM films WHERE film = ?').run(FILM);
      lib.db.prepare('INSERT INTO films (film, frame_count, fingerprint, ingested_at, problems) VALUES (@film, @frame_count, @fingerprint, @ingested_at, @problems)').run(film);
      const insert = lib.db.prepare(`INSERT INTO frames (${FRAME_COLUMN_NAMES.join(', ')}) VALUES (${FRAME_COLUMN_NAMES.map((c) => `@${c}`).join(', ')})`);
      for (const row of rows) insert.run({ ...row, brightness });
    })
    .immediate();
}

function bothAgree(query: string) {
  const columnar = queryFrames(lib.db, q(query));
  expect(columnar).toEqual(queryFrames(lib.db, q(query), { path: 'sql' }));
  return columnar;
}

describe('the columnar copy', () => {
  it('answers once enabled, and sees a re-ingested film whole at the next query', () => {
    expect(queryEngineStatus(lib.db).answeredBy).toBe('SQLite');
    enableColumnar(lib.db, 'sync');
    expect(queryEngineStatus(lib.db)).toMatchObject({ answeredBy: 'columnar copy', columnar: 'ready' });
    const query = `film=${FILM}&brightness=77&_size=0&_facet=brightness`;
    const before = bothAgree(query);
    reingest(77);
    const after = bothAgree(query);
    expect(after.total).toBeGreaterThan(before.total);
    expect(after.total).toBe((lib.db.prepare('SELECT count(*) FROM frames WHERE film = ?').pluck().get(FILM) as number));
    expect(after.facets.brightness).toEqual([{ value: 77, count: after.total }]);
  });

  it('sees a curation action at the very next _in_selection query', () => {
    enableColumnar(lib.db, 'sync');
    const selection = createSelection(lib.db, { name: 'happy ones', query: 'p_emotion=happy' });
    const query = `_in_selection=${selection.id}&_size=500`;
    const before = bothAgree(query);
    const outsider = lib.frames.find((f) => f.p_emotion !== 'happy')!;
    const member = before.frames[0];
    applyChange(lib.db, selection.id, { action: 'include', frames: [{ film: outsider.film, frame: outsider.frame }] });
    applyChange(lib.db, selection.id, { action: 'exclude', frames: [{ film: member.film, frame: member.frame }] });
    const after = bothAgree(query);
    expect(after.total).toBe(before.total);
    expect(after.frames.some((f) => f.film === outsider.film && f.frame === outsider.frame)).toBe(true);
    expect(after.frames.some((f) => f.film === member.film && f.frame === member.frame)).toBe(false);
    expect(bothAgree(`_not_in_selection=${selection.id}&_size=0`).total).toBe(lib.frames.length - after.total);
  });

  it('leaves the answers to SQLite while a copy loads in the background, then answers from the new copy', async () => {
    let release: () => void = () => undefined;
    let loads = 0;
    const loader = async (): Promise<LoadedColumns> => {
      loads++;
      const frames = loadFrameColumns(lib.db);
      await new Promise<void>((resolve) => (release = resolve));
      return { frames, source: 'database' };
    };
    enableColumnar(lib.db, loader);
    expect(queryEngineStatus(lib.db)).toMatchObject({ answeredBy: 'SQLite', columnar: 'loading' });
    const query = `film=${FILM}&brightness=12&_size=5`;
    bothAgree(query);
    release();
    await columnarReady(lib.db);
    expect(queryEngineStatus(lib.db).answeredBy).toBe('columnar copy');
    bothAgree(query);
    // A change: SQLite answers again, with the new rows, until the next copy is ready.
    reingest(12);
    expect(queryEngineStatus(lib.db).answeredBy).toBe('SQLite');
    const during = bothAgree(query);
    expect(during.frames.every((f) => f.film === FILM && f.brightness === 12)).toBe(true);
    release();
    await columnarReady(lib.db);
    expect(bothAgree(query)).toEqual(during);
    expect(loads).toBe(2);
  });

  it('loads in a worker thread, saves the copy beside the database, and reads the saved copy only while it matches', async () => {
    const file = path.join(lib.dir, 'library.db');
    const first = await loadInWorker(file);
    expect(first.source).toBe('database');
    expect(existsSync(cacheFileOf(file))).toBe(true);
    const second = await loadInWorker(file);
    expect(second.source).toBe('saved copy');
    expect(second.frames).toEqual(loadFrameColumns(lib.db));

    enableColumnar(lib.db, () => loadInWorker(file));
    await columnarReady(lib.db);
    bothAgree('p_emotion=happy&_sort_desc=brightness&_size=20&_facet=film&_histogram=contrast');

    reingest(200);
    expect(readColumnCache(cacheFileOf(file), databaseId(lib.db), 999)).toBeNull();
    expect(loadColumnsWithCache(lib.db, file).source).toBe('database');
    expect(loadColumnsWithCache(lib.db, file).source).toBe('saved copy');
    // Another database at the same version, or a damaged file: read from the rows instead.
    expect(readColumnCache(cacheFileOf(file), databaseId(lib.db) + 1, second.frames.version)).toBeNull();
    writeFileSync(cacheFileOf(file), Buffer.from([12, 0, 0, 0, 123, 34]));
    expect(loadColumnsWithCache(lib.db, file).source).toBe('database');
  });
});
