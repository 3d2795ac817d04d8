/**
 * The parts of a /api/frames answer computed over the columnar copy: total,
 * the page's rows (in any sort, from any offset or cursor), facets and
 * histograms. Each follows the SQL path's definition exactly (lib/query:
 * page.ts for the order, facets.ts and histogram.ts for the counts); a
 * property test holds the two to the same answers.
 */
import type { FrameColumn } from '@/lib/db/columns';
import { rankFacet, type FacetValue } from './facets';
import { emptyBins, layout, type Histogram } from './histogram';
import type { PageRequest, Sort } from './page';
import { keep, type Selected } from './columnar-evaluate';
import { lowerBound, type EncodedColumn } from '@/lib/columnar/frame-columns';
import { countCodes, type Columnar } from '@/lib/columnar/masks';

/** Where each code's rows begin in the sort's order: values in the sort's direction, NULL last either way. */
function bucketStarts(column: EncodedColumn, desc: boolean): Uint32Array {
  const n = column.values.length;
  const starts = new Uint32Array(n + 1);
  let at = 0;
  for (let step = 0; step < n; step++) {
    const code = desc ? n - 1 - step : step;
    starts[code] = at;
    at += column.counts[code];
  }
  starts[n] = at;
  return starts;
}

const RADIX_BITS = 11;
const RADIX_MASK = (1 << RADIX_BITS) - 1;

/** Rows in the order of their codes, stable: a counting sort, one bucket a value, for dictionaries that fit in cache. */
function countingOrder(column: EncodedColumn, desc: boolean): Uint32Array {
  const next = bucketStarts(column, desc);
  const order = new Uint32Array(column.codes.length);
  const { codes } = column;
  for (let row = 0; row < codes.length; row++) order[next[codes[row]]++] = row;
  return order;
}

/**
 * The same for a dictionary of up to millions of values (a real column such
 * as lab_a): a least-significant-digit radix sort, 11 bits a pass, whose
 * 2,048 buckets stay in cache where a million would scatter every write.
 */
function radixOrder(column: EncodedColumn, desc: boolean): Uint32Array {
  const n = column.values.length;
  let keys = Uint32Array.from(column.codes);
  if (desc) for (let i = 0; i < keys.length; i++) if (keys[i] !== n) keys[i] = n - 1 - keys[i];
  let order = new Uint32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  let spareOrder = new Uint32Array(keys.length);
  let spareKeys = new Uint32Array(keys.length);
  const counts = new Uint32Array(RADIX_MASK + 1);
  for (let shift = 0; n >>> shift > 0; shift += RADIX_BITS) {
    counts.fill(0);
    for (let i = 0; i < keys.length; i++) counts[(keys[i] >>> shift) & RADIX_MASK]++;
    for (let d = 0, at = 0; d < counts.length; d++) [counts[d], at] = [at, at + counts[d]];
    for (let i = 0; i < keys.length; i++) {
      const to = counts[(keys[i] >>> shift) & RADIX_MASK]++;
      spareOrder[to] = order[i];
      spareKeys[to] = keys[i];
    }
    [order, spareOrder] = [spareOrder, order];
    [keys, spareKeys] = [spareKeys, keys];
  }
  return order;
}

/**
 * Every row in the sort's order (NULL last either way), stable, so rows of
 * equal value stay in (film, frame) order, the SQL's tiebreak. Linear in
 * the rows, and kept with the copy.
 */
export function sortOrder(columnar: Columnar, sort: Sort): Uint32Array {
  return keep(columnar, `order\u0000${sort.column}\u0000${sort.desc}`, () => {
    const column = columnar.frames.columns[sort.column];
    return column.values.length <= 1 << 16 ? countingOrder(column, sort.desc) : radixOrder(column, sort.desc);
  });
}

/** The first position in `order[from, to)` holding a row >= `row` (rows within a bucket ascend). */
function firstAtOrAfter(order: Uint32Array, from: number, to: number, row: number): number {
  while (from < to) {
    const mid = (from + to) >>> 1;
    if (order[mid] < row) from = mid + 1;
    else to = mid;
  }
  return from;
}

/** The position in the sort's order of the first row strictly after the cursor's key (page.ts's keyset). */
function positionAfter(columnar: Columnar, request: PageRequest, order: Uint32Array): number {
  const after = request.after!;
  const row = columnar.rows.rowAfter(after.film, after.frame);
  if (!request.sort) return row;
  const column = columnar.frames.columns[request.sort.column];
  const n = column.values.length;
  const starts = bucketStarts(column, request.sort.desc);
  const end = (code: number) => starts[code] + column.counts[code];
  if (after.value === null) return firstAtOrAfter(order, starts[n], end(n), row);
  const code = lowerBound(column.values, after.value);
  if (code < n && column.values[code] === after.value) return firstAtOrAfter(order, starts[code], end(code), row);
  // The cursor's value is no row's: the next bucket in the sort's direction, or the NULLs.
  if (!request.sort.desc) return starts[code];
  return code > 0 ? starts[code - 1] : starts[n];
}

export interface ColumnarPage {
  total: number;
  /** Up to size + 1 rows, so the caller knows whether there is a next page. */
  rows: number[];
}

/** The first index in ascending `list` holding a value >= `row`. */
function firstInList(list: Uint32Array, row: number): number {
  return firstAtOrAfter(list, 0, list.length, row);
}

export function pageRows(columnar: Columnar, selected: Selected | null, request: PageRequest): ColumnarPage {
  const total = selected ? selected.rows.length : columnar.frames.rows;
  if (request.size === 0) return { total, rows: [] };
  const rows: number[] = [];
  if (!request.sort) {
    // The default order is row order: the selected rows' list itself, entered by position.
    const after = request.after ? columnar.rows.rowAfter(request.after.film, request.after.frame) : 0;
    const start = (selected ? firstInList(selected.rows, after) : after) + request.offset;
    const end = Math.min(start + request.size + 1, total);
    for (let at = start; at < end; at++) rows.push(selected ? selected.rows[at] : at);
    return { total, rows };
  }
  const order = sortOrder(columnar, request.sort);
  const mask = selected?.mask;
  let skip = request.offset;
  for (let at = request.after ? positionAfter(columnar, request, order) : 0; at < order.length; at++) {
    const row = order[at];
    if (mask && !mask[row]) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    rows.push(row);
    if (rows.length > request.size) break;
  }
  return { total, rows };
}

/** Rows per code among the selected rows; the copy's own counts when every row is selected. */
function countsUnder(column: EncodedColumn, selected: Selected | null): Uint32Array {
  return selected ? countCodes(column, selected.rows) : column.counts;
}

export function facetOf(columnar: Columnar, selected: Selected | null, name: FrameColumn): FacetValue[] {
  const column = columnar.frames.columns[name];
  const counts = countsUnder(column, selected);
  const n = column.values.length;
  const pairs: Array<[string | number | null, number]> = [];
  for (let code = 0; code <= n; code++) if (counts[code] > 0) pairs.push([code === n ? null : column.values[code], counts[code]]);
  return rankFacet(pairs);
}

export function histogramOf(columnar: Columnar, selected: Selected | null, name: FrameColumn, wanted: number): Histogram {
  const column = columnar.frames.columns[name];
  const counts = countsUnder(column, selected);
  const values = column.values as Float64Array;
  const n = values.length;
  let first = 0;
  while (first < n && counts[first] === 0) first++;
  let last = n - 1;
  while (last >= first && counts[last] === 0) last--;
  const nulls = counts[n];
  if (first === n) return { min: null, max: null, nulls, bins: [] };
  const [min, max] = [values[first], values[last]];
  const { width, count } = layout(name, min, max, wanted);
  const bins = emptyBins(name, min, max, width, count);
  for (let code = first; code <= last; code++) {
    if (counts[code] === 0) continue;
    // The SQL's CAST((c - min) / width AS INTEGER), capped at the last bin.
    bins[Math.min(Math.trunc((values[code] - min) / width), count - 1)].count += counts[code];
  }
  return { min, max, nulls, bins };
}
