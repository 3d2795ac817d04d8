/**
 * The search filters through the one entry point every caller uses
 * (queryFrames with URL parameters): they parse, combine with the column
 * filters (AND) and speak in the `where` sentence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setCharacterName } from '@/lib/characters/names';
import { analyzeLibrary } from '@/lib/palette/analyze';
import { QueryError, queryFrames } from '@/lib/query/frames';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

let demo: DemoDatabase;
beforeAll(async () => {
  demo = await demoDatabase('wired');
  await analyzeLibrary(demo.db, demo.root, { thumbnailCache: null });
}, 180_000);
afterAll(() => demo.cleanup());

const query = (q: string) => queryFrames(demo.db, new URLSearchParams(q));
const keys = (q: string) => query(`${q}&_size=1000`).frames.map((f) => `${f.film}:${f.frame}`);

describe('search filters in /api/frames', () => {
  it('_search combines with column filters', () => {
    const all = keys('_search=you');
    const narrowed = keys('_search=you&faces_found__gte=1');
    expect(all.length).toBeGreaterThan(narrowed.length);
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.every((k) => all.includes(k))).toBe(true);
    expect(query('_search=you&faces_found__gte=1').where).toBe('where faces_found >= 1 and dialogue matches "you"');
  });

  it('_face_like finds the frame itself and others of the same person, narrowed by film', () => {
    const seed = query('prim_char_flag=1&p_face_size__gt=4&_size=1').frames[0];
    const like = keys(`_face_like=${seed.film}:${seed.frame}:0`);
    expect(like).toContain(`${seed.film}:${seed.frame}`);
    expect(like.length).toBeGreaterThan(1);
    const inFilm = keys(`_face_like=${seed.film}:${seed.frame}:0&film=${seed.film}`);
    expect(inFilm.every((k) => k.startsWith(`${seed.film}:`))).toBe(true);
  });

  it('character= names a face cluster, and the name survives as a filter', () => {
    const seed = query('p_face_cluster__notnull=1&_size=1').frames[0];
    setCharacterName(demo.db, seed.film, seed.p_face_cluster!, 'Irving');
    const named = query(`character=Irving&_size=1000`);
    expect(named.total).toBe(query(`film=${seed.film}&p_face_cluster=${seed.p_face_cluster}&_size=0`).total);
    expect(named.where).toBe('where character is "Irving"');
  });

  it('_palette and _palette_like match analysed frames', () => {
    const seed = query('blank__isnull=1&_size=1').frames[0];
    const like = keys(`_palette_like=${seed.film}:${seed.frame}&_palette_tolerance=15`);
    expect(like).toContain(`${seed.film}:${seed.frame}`);
    expect(query('_palette=000000&_palette_tolerance=5&blank=black&_size=0').total).toBe(query('blank=black&_size=0').total);
  });

  it('palette and face searches cannot be saved inside a selection query, with a clear error', () => {
    expect(() => query('_facet=film&nope__gt=1')).toThrow(QueryError);
    expect(() => query('_palette=zz')).toThrow(/_palette/);
  });
});
