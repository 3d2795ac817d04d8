/**
 * Curation stays set-based at library scale: 30,000 frames (a few films'
 * worth), every one manually changed, still answer in well under a second
 * per action and query. A per-row loop, or SQL that rescans the changes for
 * each frame, takes minutes here.
 */
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase, type DB } from '@/lib/db/connection';
import { parseExportRequest } from '@/lib/export/options';
import { planExport } from '@/lib/export/plan';
import { queryFrames } from '@/lib/query/frames';
import { applyChange, createSelection, getSelection, undo } from '@/lib/selections';
import { makeTempDir } from '../../helpers/library';

const FILMS = 5;
const PER_FILM = 6000;

let db: DB;
let cleanup: () => void;
beforeAll(() => {
  const tmp = makeTempDir('selections-scale');
  cleanup = tmp.cleanup;
  db = openDatabase(path.join(tmp.dir, 'scale.db'));
  // Deterministic synthetic metadata: faces_found cycles 0-3, one emotion in three is missing.
  db.exec(`
    INSERT INTO films (film, frame_count, fingerprint, ingested_at) SELECT 'film_' || value || '_2020', ${PER_FILM}, '', '' FROM json_each('[0,1,2,3,4]');
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${PER_FILM})
    INSERT INTO frames (film, frame, faces_found, p_emotion, has_image)
    SELECT f.film, n.i, n.i % 4, CASE n.i % 3 WHEN 0 THEN 'happy' WHEN 1 THEN 'sad' END, 1 FROM films AS f, n;`);
});
afterAll(() => {
  db.close();
  cleanup();
});

function timed<T>(limitMs: number, fn: () => T): T {
  const started = performance.now();
  const result = fn();
  expect(performance.now() - started).toBeLessThan(limitMs);
  return result;
}

it('handles every frame changed, in set-based SQL', () => {
  const total = FILMS * PER_FILM;
  const s = createSelection(db, { name: 'scale', query: 'faces_found=1' });
  expect(timed(2000, () => applyChange(db, s.id, { action: 'include', query: '' })).changed).toBe(total);
  expect(timed(2000, () => applyChange(db, s.id, { action: 'exclude', query: 'p_emotion=happy' })).changed).toBe(total / 3);
  expect(timed(2000, () => getSelection(db, s.id)).members).toBe(total - total / 3);
  expect(timed(2000, () => queryFrames(db, new URLSearchParams(`_not_in_selection=${s.id}&_offset=5000&_size=100&_mark=${s.id}`))).total).toBe(total / 3);
  const { options } = parseExportRequest({ selection: s.id, layout: 'positive-negative', split: { train: 0.8, test: 0.2 }, splitBy: 'film', dropMajority: 0.5, target: 'zip' });
  const plan = timed(2000, () => planExport(db, options));
  let rows = 0;
  timed(4000, () => {
    for (const _ of plan.rows()) rows++;
  });
  expect(rows).toBe(plan.counts.files);
  expect(timed(2000, () => undo(db, s.id)).changed).toBe(total / 3);
});
