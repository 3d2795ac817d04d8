/**
 * Windows deep into a sort come from a kept order (lib/query/sorted-order.ts):
 * they must equal what a plain ORDER BY ... LIMIT/OFFSET answers, before and
 * after the order is kept, and a write by this or another connection must
 * never be answered from a stale order.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/connection';
import { compareSqlValues } from '@/lib/db/value-counts';
import { queryFrames } from '@/lib/query/frames';
import { KEEP_ORDER_FROM_OFFSET } from '@/lib/query/sorted-order';
import { makeLibrary, type Library } from './library-fixture';

let lib: Library;
beforeAll(() => {
  lib = makeLibrary(424242, 4);
});
afterAll(() => lib.close());

type Row = Record<string, string | number | null>;

/** The documented order, written out here in JS: sort value with NULLs last either way, then film, frame. */
function expectedKeys(column: string, desc: boolean, keep: (row: Row) => boolean = () => true): string[] {
  const rows = (lib.db.prepare('SELECT * FROM frames').all() as Row[]).filter(keep);
  rows.sort((a, b) => {
    const va = a[column];
    const vb = b[column];
    if ((va === null) !== (vb === null)) return va === null ? 1 : -1;
    const byValue = compareSqlValues(va, vb) * (desc ? -1 : 1);
    return byValue || compareSqlValues(a.film, b.film) || (a.frame as number) - (b.frame as number);
  });
  return rows.map((row) => `${row.film}#${row.frame}`);
}

const keysOf = (q: string) => queryFrames(lib.db, new URLSearchParams(q)).frames.map((r) => `${r.film}#${r.frame}`);

describe('windows deep into a sort', () => {
  it('has enough rows to go deeper than where orders are kept', () => {
    expect(expectedKeys('frame', false).length).toBeGreaterThan(KEEP_ORDER_FROM_OFFSET + 200);
  });

  it.each([
    ['brightness', true, ''],
    ['p_emotion', false, ''],
    ['p_face_size', true, 'has_image=1'],
    ['film', false, 'faces_found__gte=1'],
  ] as const)('sorted by %s (desc %s, filters %j): every window equals the plain ORDER BY, shallow after deep', (column, desc, filters) => {
    const keep = (row: Row) =>
      (!filters.includes('has_image') || row.has_image === 1) && (!filters.includes('faces_found') || (row.faces_found as number) >= 1);
    const all = expectedKeys(column, desc, keep);
    const sort = `${desc ? '_sort_desc' : '_sort'}=${column}`;
    for (const offset of [0, 17, KEEP_ORDER_FROM_OFFSET - 1, KEEP_ORDER_FROM_OFFSET, 0, 17, all.length - 30, all.length, all.length + 5]) {
      const q = [filters, sort, `_offset=${offset}`, '_size=40'].filter(Boolean).join('&');
      const page = queryFrames(lib.db, new URLSearchParams(q));
      expect(page.frames.map((r) => `${r.film}#${r.frame}`), q).toEqual(all.slice(offset, offset + 40));
      expect(page.total, q).toBe(all.length);
    }
  });

  it("sees another connection's commit (an ingest) on the next window", () => {
    const sort = '_sort_desc=brightness&_size=5';
    const deep = `${sort}&_offset=${KEEP_ORDER_FROM_OFFSET}`;
    expect(keysOf(deep)).toEqual(expectedKeys('brightness', true).slice(KEEP_ORDER_FROM_OFFSET, KEEP_ORDER_FROM_OFFSET + 5));
    const [film, frame] = keysOf(deep)[0].split('#');
    const other = openDatabase(path.join(lib.dir, 'library.db'));
    try {
      other.prepare('UPDATE frames SET brightness = 100000 WHERE film = ? AND frame = ?').run(film, Number(frame));
    } finally {
      other.close();
    }
    expect(keysOf(`${sort}&_offset=0`)[0]).toBe(`${film}#${frame}`);
    expect(keysOf(deep)).toEqual(expectedKeys('brightness', true).slice(KEEP_ORDER_FROM_OFFSET, KEEP_ORDER_FROM_OFFSET + 5));
  });

  it("sees this connection's own writes on the next window", () => {
    const deep = `_sort=contrast&_size=5&_offset=${KEEP_ORDER_FROM_OFFSET}`;
    expect(keysOf(deep)).toEqual(expectedKeys('contrast', false).slice(KEEP_ORDER_FROM_OFFSET, KEEP_ORDER_FROM_OFFSET + 5));
    lib.db.prepare('UPDATE frames SET contrast = NULL WHERE rowid IN (SELECT rowid FROM frames WHERE contrast IS NOT NULL LIMIT 50)').run();
    expect(keysOf(deep)).toEqual(expectedKeys('contrast', false).slice(KEEP_ORDER_FROM_OFFSET, KEEP_ORDER_FROM_OFFSET + 5));
  });
});
