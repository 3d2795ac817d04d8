/**
 * A facet's NULL bucket is a choice like any value: its count is listed on
 * both query paths, under every other filter, and `col__isnull=1` or
 * `col__in_or_null=a,b` selects exactly the frames the bucket(s) count.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableColumnar } from '@/lib/columnar/engine';
import type { FrameColumn } from '@/lib/db/columns';
import { queryFrames } from '@/lib/query/frames';
import { makeLibrary, type Library } from './library-fixture';

let lib: Library;
beforeAll(() => {
  lib = makeLibrary();
  enableColumnar(lib.db, 'sync');
});
afterAll(() => lib.close());

const COLUMNS: FrameColumn[] = ['p_center_alignment', 'p_emotion', 'p_open_mouth', 'p_face_cluster', 'blank'];
const OTHERS = ['', 'prim_char_flag=1', 'faces_found__gte=1&brightness__lt=150'];

function both(query: string) {
  const columnar = queryFrames(lib.db, new URLSearchParams(query));
  expect(columnar, query).toEqual(queryFrames(lib.db, new URLSearchParams(query), { path: 'sql' }));
  return columnar;
}

describe('facet NULL buckets', () => {
  for (const column of COLUMNS) {
    for (const others of OTHERS) {
      it(`${column} under "${others}": the NULL count is listed and selectable, alone and with values`, () => {
        const base = both(`${others}&_size=0&_facet=${column}`);
        const facet = base.facets[column];
        const expectedNulls = both(`${others}&${column}__isnull=1&_size=0`).total;
        const nullBucket = facet.find((f) => f.value === null);
        expect(nullBucket?.count ?? 0).toBe(expectedNulls);
        if (nullBucket) expect(facet.at(-1)).toEqual(nullBucket);
        // The buckets partition the frames: values and NULL add up to the total.
        expect(facet.reduce((sum, f) => sum + f.count, 0)).toBe(base.total);

        const [first] = facet.filter((f) => f.value !== null);
        if (!first) return;
        const withNull = both(`${others}&${column}__in_or_null=${encodeURIComponent(String(first.value))}&_size=0`);
        expect(withNull.total).toBe(first.count + expectedNulls);
      });
    }
  }

  it('counts the same NULLs as a brute-force pass over the rows', () => {
    for (const column of COLUMNS) {
      const nulls = lib.frames.filter((row) => row[column] === null).length;
      expect(both(`_size=0&_facet=${column}`).facets[column].find((f) => f.value === null)?.count ?? 0, column).toBe(nulls);
    }
  });
});
