/**
 * How the page queries run: the default order straight off the primary key,
 * and statements prepared once per SQL shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWhere } from '@/lib/query/filters';
import { queryFrames } from '@/lib/query/frames';
import { pageQuery, parsePageRequest } from '@/lib/query/page';
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
