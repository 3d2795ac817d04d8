/**
 * The product's promise, checked at the API's core: the seed notebook's pandas
 * selections over the demo library's real pickles (answers written by pandas
 * into demo/demo-truth.json) come back exactly from queryFrames, before and
 * after a forced re-ingest.
 */
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DB, openDatabase } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';
import { queryFrames } from '@/lib/query/frames';
import { makeTempDir } from '../../helpers/library';

interface FilmTruth {
  frame_count: number;
  medium_close_up: number[];
  faces_found_at_least_2: number[];
  p_emotion_counts: Record<string, number>;
  p_emotion_missing: number;
}
const truth = JSON.parse(readFileSync('demo/demo-truth.json', 'utf8')) as { films: Record<string, FilmTruth> };

let db: DB;
let cleanup: () => void;
let root: string;

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('seed'));
  cpSync('demo/library/serialized_objects', path.join(root, 'serialized_objects'), { recursive: true });
  db = openDatabase(path.join(root, 'library.db'));
  await ingestLibrary(db, root);
});
afterAll(() => {
  db.close();
  cleanup();
});

function frames(q: string): string[] {
  const params = new URLSearchParams(`${q}&_size=1000`);
  return queryFrames(db, params).frames.map((f) => `${f.film}:${f.frame}`);
}

function expected(pick: (film: FilmTruth) => number[]): string[] {
  return Object.entries(truth.films)
    .flatMap(([film, t]) => pick(t).map((frame) => ({ film, frame })))
    .sort((a, b) => (a.film === b.film ? a.frame - b.frame : a.film < b.film ? -1 : 1))
    .map(({ film, frame }) => `${film}:${frame}`);
}

describe("the seed's selections, as pandas answers them", () => {
  const check = () => {
    expect(frames('prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20')).toEqual(expected((t) => t.medium_close_up));
    expect(frames('faces_found__gte=2')).toEqual(expected((t) => t.faces_found_at_least_2));
    for (const [film, t] of Object.entries(truth.films)) {
      const facet = queryFrames(db, new URLSearchParams(`film=${film}&_size=0&_facet=p_emotion`));
      expect(facet.total).toBe(t.frame_count);
      const counts = Object.fromEntries(facet.facets.p_emotion.map((f) => [f.value ?? 'null', f.count]));
      expect(counts).toEqual({ ...t.p_emotion_counts, ...(t.p_emotion_missing ? { null: t.p_emotion_missing } : {}) });
    }
  };

  it('medium close-ups, two or more faces and emotion counts match pandas', check);

  it('a forced re-ingest keeps every answer identical', async () => {
    const report = await ingestLibrary(db, root, { force: true });
    expect(report.films.map((f) => f.status)).toEqual(['loaded', 'loaded', 'loaded']);
    check();
  });
});
