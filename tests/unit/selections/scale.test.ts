/**
 * Curation stays set-based at library scale: 30,000 frames (a few films'
 * worth), every one manually changed. Each action, query and export plan runs
 * the same handful of SQL statements at 30,000 frames as at 300: a per-row
 * loop would run one or more per frame. (Their time is for the benchmarks.)
 */
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { openDatabase, type DB } from '@/lib/db/connection';
import { parseExportRequest } from '@/lib/export/options';
import { planExport } from '@/lib/export/plan';
import { queryFrames } from '@/lib/query/frames';
import { applyChange, createSelection, getSelection, undo } from '@/lib/selections';
import { makeTempDir } from '../../helpers/library';

const FILMS = 5;

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const cleanup of cleanups) cleanup();
});

function makeLibrary(perFilm: number): DB {
  const tmp = makeTempDir('selections-scale');
  const db = openDatabase(path.join(tmp.dir, 'scale.db'));
  cleanups.push(() => {
    db.close();
    tmp.cleanup();
  });
  // Deterministic synthetic metadata: faces_found cycles 0-3, one emotion in three is missing.
  db.exec(`
    INSERT INTO films (film, frame_count, fingerprint, ingested_at) SELECT 'film_' || value || '_2020', ${perFilm}, '', '' FROM json_each('[0,1,2,3,4]');
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${perFilm})
    INSERT INTO frames (film, frame, faces_found, p_emotion, has_image)
    SELECT f.film, n.i, n.i % 4, CASE n.i % 3 WHEN 0 THEN 'happy' WHEN 1 THEN 'sad' END, 1 FROM films AS f, n;`);
  return db;
}

/** Runs `fn` against the real database, counting the statements it runs (each run, get, all, iterate or exec). */
function counted<T>(db: DB, fn: () => T): { result: T; statements: number } {
  const statement = Object.getPrototypeOf(db.prepare('SELECT 1')) as Record<'run' | 'get' | 'all' | 'iterate', () => unknown>;
  const spies = [...(['run', 'get', 'all', 'iterate'] as const).map((method) => vi.spyOn(statement, method)), vi.spyOn(db, 'exec')];
  try {
    const result = fn();
    return { result, statements: spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0) };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/** Every action of the curation and export path with every frame changed; the statements each ran. */
function scenario(perFilm: number): Record<string, number> {
  const db = makeLibrary(perFilm);
  const total = FILMS * perFilm;
  const steps: Record<string, number> = {};
  const step = <T>(name: string, fn: () => T): T => {
    const { result, statements } = counted(db, fn);
    steps[name] = statements;
    return result;
  };
  const s = createSelection(db, { name: 'scale', query: 'faces_found=1' });
  expect(step('include all', () => applyChange(db, s.id, { action: 'include', query: '' })).changed).toBe(total);
  expect(step('exclude a third', () => applyChange(db, s.id, { action: 'exclude', query: 'p_emotion=happy' })).changed).toBe(total / 3);
  expect(step('members', () => getSelection(db, s.id)).members).toBe(total - total / 3);
  const offset = Math.floor(total / 6);
  expect(step('query', () => queryFrames(db, new URLSearchParams(`_not_in_selection=${s.id}&_offset=${offset}&_size=100&_mark=${s.id}`))).total).toBe(total / 3);
  const { options } = parseExportRequest({ selection: s.id, layout: 'positive-negative', split: { train: 0.8, test: 0.2 }, splitBy: 'film', dropMajority: 0.5, target: 'zip' });
  const plan = step('plan', () => planExport(db, options));
  let rows = 0;
  step('plan rows', () => {
    for (const _ of plan.rows()) rows++;
  });
  expect(rows).toBe(plan.counts.files);
  expect(step('undo', () => undo(db, s.id)).changed).toBe(total / 3);
  return steps;
}

it('runs as many statements for every frame changed at 30,000 frames as at 300', () => {
  const small = scenario(60);
  const large = scenario(6000);
  expect(Object.keys(large)).toHaveLength(7);
  for (const count of Object.values(large)) {
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(40);
  }
  expect(large).toEqual(small);
});
