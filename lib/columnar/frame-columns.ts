/**
 * The frames table held in memory column by column, for the sidebar's
 * queries at a million frames (docs/query-api.md, "How queries are
 * answered"). Every column is dictionary-coded the same way, numbers and
 * text alike: its distinct non-NULL values sorted in SQLite's order, and per
 * row the index of its value (NULL is the code one past the last value).
 * Because the dictionary is sorted, a code's order is its value's order, so
 *
 * - a filter is a test over the dictionary (a few hundred values, or a
 *   binary search for a range) and then one pass over the codes;
 * - a facet is a count per code, a histogram a count per code binned;
 * - a sort is a counting sort of the codes, stable, and rows are held in
 *   (film, frame) order, so the tiebreak the SQL orders by comes for free.
 *
 * Rows are in (film, frame) order: the primary key's order, and the API's
 * default order.
 */
import { compareSqlValues } from '@/lib/db/value-counts';
import { columnType, FRAME_COLUMN_NAMES, type FrameColumn, type FrameRow } from '@/lib/query/columns';

export type Codes = Uint8Array | Uint16Array | Uint32Array;

export interface EncodedColumn {
  /** Distinct non-NULL values in SQLite's order: numbers for integer and real columns, strings for text. */
  values: Float64Array | string[];
  /** Per row, the index of its value in `values`; `values.length` is NULL. */
  codes: Codes;
  /** Rows per code, NULL's last. */
  counts: Uint32Array;
}

export interface FrameColumns {
  /** data_versions' `frames` counter when the copy was read: answers come from it only while the database still says so. */
  version: number;
  rows: number;
  columns: Record<FrameColumn, EncodedColumn>;
}

export type CellValue = string | number | null;

function codesFor(size: number, rows: number): Codes {
  // One code more than the values: NULL.
  if (size < 0xff) return new Uint8Array(rows);
  if (size < 0xffff) return new Uint16Array(rows);
  return new Uint32Array(rows);
}

/**
 * Reads rows (in film, frame order) into the coded form: each column's
 * distinct values are gathered in a Map first, then sorted once and the
 * provisional codes remapped, so a row costs one Map lookup per column.
 */
export class FrameColumnsBuilder {
  private readonly provisional: Uint32Array[];
  private readonly distinct: Array<Map<string | number, number>>;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.provisional = FRAME_COLUMN_NAMES.map(() => new Uint32Array(capacity));
    this.distinct = FRAME_COLUMN_NAMES.map(() => new Map());
  }

  /** One row, its cells in FRAME_COLUMN_NAMES order as SQLite returns them. */
  add(cells: readonly unknown[]): void {
    if (this.count === this.capacity) throw new Error(`more frames than the ${this.capacity} counted when reading began`);
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c] as string | number | null;
      let code = 0xffffffff;
      if (cell !== null) {
        const seen = this.distinct[c];
        code = seen.get(cell) ?? -1;
        if (code === -1) {
          code = seen.size;
          seen.set(cell, code);
        }
      }
      this.provisional[c][this.count] = code;
    }
    this.count++;
  }

  build(version: number): FrameColumns {
    const rows = this.count;
    const columns = {} as Record<FrameColumn, EncodedColumn>;
    FRAME_COLUMN_NAMES.forEach((name, c) => {
      const seen = [...this.distinct[c].entries()];
      const text = columnType(name) === 'text';
      seen.sort(([a], [b]) => (text ? compareSqlValues(a, b) : (a as number) - (b as number)));
      const remap = new Uint32Array(seen.length);
      seen.forEach(([, provisional], sorted) => (remap[provisional] = sorted));
      const size = seen.length;
      const codes = codesFor(size, rows);
      const counts = new Uint32Array(size + 1);
      const from = this.provisional[c];
      for (let i = 0; i < rows; i++) {
        const p = from[i];
        const code = p === 0xffffffff ? size : remap[p];
        codes[i] = code;
        counts[code]++;
      }
      const values = text ? seen.map(([v]) => v as string) : Float64Array.from(seen, ([v]) => v as number);
      columns[name] = { values, codes, counts };
    });
    return { version, rows, columns };
  }
}

/** The value of one cell, as SQLite would return it. */
export function cellValue(column: EncodedColumn, row: number): CellValue {
  const code = column.codes[row];
  return code === column.values.length ? null : column.values[code];
}

/** A whole row, its keys in table order like `SELECT <every column>`. */
export function frameRow(frames: FrameColumns, row: number): FrameRow {
  const out: Record<string, CellValue> = {};
  for (const name of FRAME_COLUMN_NAMES) out[name] = cellValue(frames.columns[name], row);
  return out as FrameRow;
}

/** The first index in sorted `values` whose value is not before `value` (SQLite's order). */
export function lowerBound(values: Float64Array | string[], value: string | number, strict = false): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const order = typeof value === 'number' ? (values[mid] as number) - value : compareSqlValues(values[mid], value);
    if (order < 0 || (strict && order === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Finds rows by film and frame number: a binary search inside the film's run of rows. */
export class RowIndex {
  private readonly filmStart: Uint32Array;
  private readonly filmCode = new Map<string, number>();

  constructor(private readonly frames: FrameColumns) {
    const film = frames.columns.film;
    this.filmStart = new Uint32Array(film.values.length + 1);
    let at = 0;
    for (let code = 0; code < film.values.length; code++) {
      this.filmStart[code] = at;
      at += film.counts[code];
      this.filmCode.set(film.values[code] as string, code);
    }
    this.filmStart[film.values.length] = at;
  }

  /** Rows [start, end) of a film by its code. */
  filmRows(code: number): [number, number] {
    return [this.filmStart[code], this.filmStart[code + 1]];
  }

  filmCodeOf(film: string): number | undefined {
    return this.filmCode.get(film);
  }

  /** The first row of the film (by code) whose frame number is >= frame (> with `strict`). */
  private frameBound(code: number, frame: number, strict: boolean): number {
    const frameColumn = this.frames.columns.frame;
    const target = lowerBound(frameColumn.values, frame, strict);
    let [lo, hi] = this.filmRows(code);
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (frameColumn.codes[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The row of (film, frame), or -1. */
  rowOf(film: string, frame: number): number {
    const code = this.filmCode.get(film);
    if (code === undefined) return -1;
    const row = this.frameBound(code, frame, false);
    return row < this.filmStart[code + 1] && this.frames.columns.frame.values[this.frames.columns.frame.codes[row]] === frame ? row : -1;
  }

  /** The first row whose (film, frame) comes strictly after the given key, which need not exist. */
  rowAfter(film: string, frame: number): number {
    const films = this.frames.columns.film.values;
    const code = lowerBound(films, film);
    if (code < films.length && films[code] === film) return this.frameBound(code, frame, true);
    return this.filmStart[code];
  }

  /** Rows [start, end) of a film whose frames lie in [first, last]. */
  frameRange(film: string, first: number, last: number): [number, number] {
    const code = this.filmCode.get(film);
    if (code === undefined || last < first) return [0, 0];
    return [this.frameBound(code, first, false), this.frameBound(code, last, true)];
  }
}
