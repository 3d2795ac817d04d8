/**
 * How the page queries run: the default order straight off the primary key,
 * and statements prepared once per SQL shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWhere } from '@/lib/query/filters';
import { queryFrames } from '@/lib/query/frames';
import { pageQuery, parsePageRequest, whereSql } from '@/lib/query/page';
import { facetQuery } from '@/lib/query/facets';
import type { FrameColumn } from '@/lib/db/columns';
import { cachedStatement, STATEMENT_CACHE_SIZE } from '@/lib/query/statements';
import { makeLibrary, type Library } from './library-fixture';

let lib: Library;
beforeAll(() => {
  lib = makeLibrary();
});
afterAll(() => lib.close());

const query = (q: string) => queryFrames(lib.db, new URLSearchParams(q));

describe('query plans', () => {
  const plan = (q: string) => {
    const params = new URLSearchParams(q);
    const page = pageQuery(buildWhere(params), parsePageRequest(params));
    return (lib.db.prepare(`EXPLAIN QUERY PLAN ${page.sql}`).all(...page.params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
  };

  it('reads the default order straight off the primary key, first page and later ones', () => {
    const next = query('_size=10').next as string;
    for (const q of ['', 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20', `_size=10&_next=${next}`, 'film=joker_2019&film=the_hustle_2019']) {
      const detail = plan(q);
      expect(detail, q).toMatch(/USING (COVERING )?INDEX sqlite_autoindex_frames_1/);
      expect(detail, q).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('seeks to the cursor rather than scanning from the start', () => {
    const next = query('_size=10').next as string;
    expect(plan(`_size=10&_next=${next}`)).toMatch(/SEARCH frames USING INDEX sqlite_autoindex_frames_1 \(\(film,frame\)>\(\?,\?\)\)/);
  });
});

describe("the sidebar's query plans", () => {
  const explain = (sql: string, params: unknown[]) =>
    (lib.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((r) => r.detail).join('\n');
  const facetPlan = (q: string, column: FrameColumn) => {
    const facet = facetQuery(buildWhere(new URLSearchParams(q)), column);
    return explain(facet.sql, facet.params);
  };
  const countPlan = (q: string) => {
    const where = buildWhere(new URLSearchParams(q));
    return explain(`SELECT count(*) FROM frames${whereSql(where)}`, where.params);
  };

  it('counts a whole column off a narrow covering index, not the table', () => {
    expect(facetPlan('', 'film')).toMatch(/SCAN frames USING COVERING INDEX sqlite_autoindex_frames_1/);
    expect(facetPlan('', 'p_emotion')).toMatch(/SCAN frames USING COVERING INDEX frames_by_emotion/);
    expect(facetPlan('', 'faces_found')).toMatch(/SCAN frames USING COVERING INDEX frames_by_faces_found/);
    expect(facetPlan('', 'p_emotion')).not.toMatch(/TEMP B-TREE FOR GROUP BY/);
  });

  it("seeks the shot-type presets' range on (prim_char_flag, p_face_size)", () => {
    expect(countPlan('prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20')).toMatch(
      /SEARCH frames USING COVERING INDEX frames_by_primary_face \(prim_char_flag=\? AND p_face_size>\? AND p_face_size<\?\)/,
    );
    expect(countPlan('prim_char_flag=1&p_face_size__gte=20')).toMatch(/COVERING INDEX frames_by_primary_face/);
  });

  it('with other filters, groups in one pass instead of walking the facet index row by row', () => {
    const plan = facetPlan('faces_found__gte=2', 'p_emotion');
    expect(plan).not.toMatch(/INDEX frames_by_emotion/);
  });

  it('counts a colour match inside the lab_l range of the colour index, not over every row', () => {
    expect(countPlan('_color=c87828&_color_distance=10')).toMatch(/SEARCH frames USING COVERING INDEX frames_by_colour \(lab_l>\? AND lab_l<\?\)/);
  });

  it('answers a film-narrowed facet from the primary key', () => {
    expect(facetPlan('film=joker_2019', 'p_emotion')).toMatch(/SEARCH frames USING INDEX sqlite_autoindex_frames_1 \(film=\?\)/);
  });
});

describe('statement cache', () => {
  it('prepares a SQL text once per handle, and stays bounded', () => {
    const sql = 'SELECT count(*) FROM frames WHERE "frame" > ?';
    const first = cachedStatement(lib.db, sql);
    expect(cachedStatement(lib.db, sql)).toBe(first);
    for (let i = 0; i < STATEMENT_CACHE_SIZE; i++) cachedStatement(lib.db, `SELECT ${i}`);
    expect(cachedStatement(lib.db, sql)).not.toBe(first);
  });

  it('reuses the page statements across requests that differ only in values', () => {
    const a = new URLSearchParams('faces_found=1&_sort=brightness');
    const b = new URLSearchParams('faces_found=2&_sort=brightness');
    const sqlA = pageQuery(buildWhere(a), parsePageRequest(a)).sql;
    expect(pageQuery(buildWhere(b), parsePageRequest(b)).sql).toBe(sqlA);
  });
});
