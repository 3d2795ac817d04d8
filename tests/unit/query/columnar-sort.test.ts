/**
 * Sort orders of the columnar copy on dictionaries of every size: the
 * counting sort (up to 65,536 values) and the radix sort beyond it, against
 * a plain comparison sort of the same rows by value, NULLs last, then row.
 * The property test over random libraries (columnar-parity.test.ts) never
 * reaches a dictionary that large.
 */
import { describe, expect, it } from 'vitest';
import { sortOrder } from '@/lib/query/columnar-answer';
import { FrameColumnsBuilder } from '@/lib/columnar/frame-columns';
import { columnarOf } from '@/lib/columnar/masks';
import { seededRandom } from '@/lib/seeded-random';
import { FRAME_COLUMN_NAMES } from '@/lib/db/columns';
import type { DB } from '@/lib/db/connection';

function copyWith(values: Array<number | null>) {
  const builder = new FrameColumnsBuilder(values.length);
  const labA = FRAME_COLUMN_NAMES.indexOf('lab_a');
  const film = FRAME_COLUMN_NAMES.indexOf('film');
  const frame = FRAME_COLUMN_NAMES.indexOf('frame');
  values.forEach((value, row) => {
    const cells: unknown[] = FRAME_COLUMN_NAMES.map(() => null);
    cells[film] = 'a_film_2001';
    cells[frame] = row + 1;
    cells[labA] = value;
    builder.add(cells);
  });
  // No query runs here: sorting reads the copy alone.
  return columnarOf(builder.build(1), {} as DB);
}

function expected(values: Array<number | null>, desc: boolean): number[] {
  return values
    .map((value, row) => ({ value, row }))
    .sort((p, q) => {
      if (p.value === null || q.value === null) return p.value === q.value ? p.row - q.row : p.value === null ? 1 : -1;
      return (desc ? q.value - p.value : p.value - q.value) || p.row - q.row;
    })
    .map((r) => r.row);
}

describe('sortOrder', () => {
  it.each([
    ['a few values, many ties (counting sort)', 300, 120_000],
    ['65,536 values at most (counting sort)', 65_536, 150_000],
    ['hundreds of thousands of values (radix sort, two passes)', 400_000, 450_000],
  ])('orders %s like a comparison sort, NULLs last, ties by row', (_, distinct, rows) => {
    const random = seededRandom(distinct);
    const values = Array.from({ length: rows }, () => (random() < 0.05 ? null : Math.floor(random() * distinct) / 7 - 1000));
    const columnar = copyWith(values);
    expect(columnar.frames.columns.lab_a.values.length).toBeGreaterThan(distinct * 0.5);
    for (const desc of [false, true]) expect(Array.from(sortOrder(columnar, { column: 'lab_a', desc }))).toEqual(expected(values, desc));
  });
});
