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
import { columnType, FRAME_COLUMN_NAMES, type FrameColumn, type FrameRow } from '@/lib/db/columns';

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

/** The values' dictionary and each row's code, for a number column read as doubles (NaN for NULL). */
function encodeNumbers(raw: Float64Array): EncodedColumn {
  const rows = raw.length;
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < rows; i++) {
    const v = raw[i];
    if (v !== v) continue; // NaN: NULL
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && !Number.isInteger(v)) integral = false;
  }
  let values: Float64Array;
  let codeOf: (v: number) => number;
  if (integral && max - min < 1 << 20) {
    // Small whole numbers (most columns): a table from value to code, no sort at all.
    const table = new Int32Array(max >= min ? max - min + 1 : 0).fill(-1);
    for (let i = 0; i < rows; i++) if (raw[i] === raw[i]) table[raw[i] - min] = 0;
    let size = 0;
    for (let k = 0; k < table.length; k++) if (table[k] === 0) table[k] = size++;
    values = new Float64Array(size);
    for (let k = 0; k < table.length; k++) if (table[k] >= 0) values[table[k]] = k + min;
    codeOf = (v) => table[v - min];
  } else {
    const sorted = raw.slice().sort(); // numeric, NaNs last
    let size = 0;
    for (let i = 0; i < rows && sorted[i] === sorted[i]; i++) if (size === 0 || sorted[i] !== sorted[size - 1]) sorted[size++] = sorted[i];
    values = sorted.slice(0, size);
    codeOf = (v) => lowerBound(values, v);
  }
  const size = values.length;
  const codes = codesFor(size, rows);
  const counts = new Uint32Array(size + 1);
  for (let i = 0; i < rows; i++) {
    const v = raw[i];
    const code = v === v ? codeOf(v) : size;
    codes[i] = code;
    counts[code]++;
  }
  return { values, codes, counts };
}

/** The same for a text column: its few distinct strings gathered in a Map, sorted once by UTF-8 bytes. */
function encodeText(provisional: Uint32Array, distinct: Map<string, number>): EncodedColumn {
  const seen = [...distinct.entries()].sort(([a], [b]) => compareSqlValues(a, b));
  const remap = new Uint32Array(seen.length);
  seen.forEach(([, first], sorted) => (remap[first] = sorted));
  const size = seen.length;
  const codes = codesFor(size, provisional.length);
  const counts = new Uint32Array(size + 1);
  for (let i = 0; i < provisional.length; i++) {
    const p = provisional[i];
    const code = p === NULL_TEXT ? size : remap[p];
    codes[i] = code;
    counts[code]++;
  }
  return { values: seen.map(([v]) => v), codes, counts };
}

const NULL_TEXT = 0xffffffff;

/**
 * Reads rows (in film, frame order) into the coded form: numbers straight
 * into typed arrays and text through a Map of its distinct values, then
 * each column's dictionary built once at the end.
 */
export class FrameColumnsBuilder {
  private readonly numbers: Array<Float64Array | null>;
  private readonly texts: Array<{ provisional: Uint32Array; distinct: Map<string, number>; last: string | null; lastCode: number } | null>;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.numbers = FRAME_COLUMN_NAMES.map((name) => (columnType(name) === 'text' ? null : new Float64Array(capacity)));
    this.texts = FRAME_COLUMN_NAMES.map((name) =>
      columnType(name) === 'text' ? { provisional: new Uint32Array(capacity), distinct: new Map(), last: null, lastCode: NULL_TEXT } : null,
    );
  }

  /** One row, its cells in FRAME_COLUMN_NAMES order as SQLite returns them. */
  add(cells: readonly unknown[]): void {
    const row = this.count++;
    if (row === this.capacity) throw new Error(`more frames than the ${this.capacity} counted when reading began`);
    for (let c = 0; c < cells.length; c++) {
      const cell = cells[c] as string | number | null;
      const numbers = this.numbers[c];
      if (numbers) {
        numbers[row] = cell === null ? NaN : (cell as number);
        continue;
      }
      const text = this.texts[c]!;
      // Rows come film by film, and a film's text values repeat: comparing with the last one skips most hashing.
      if (cell !== text.last) {
        let code = NULL_TEXT;
        if (cell !== null) {
          code = text.distinct.get(cell as string) ?? -1;
          if (code === -1) text.distinct.set(cell as string, (code = text.distinct.size));
        }
        text.last = cell as string | null;
        text.lastCode = code;
      }
      text.provisional[row] = text.lastCode;
    }
  }

  build(version: number): FrameColumns {
    const columns = {} as Record<FrameColumn, EncodedColumn>;
    FRAME_COLUMN_NAMES.forEach((name, c) => {
      const numbers = this.numbers[c];
      const text = this.texts[c];
      columns[name] = numbers ? encodeNumbers(numbers.subarray(0, this.count)) : encodeText(text!.provisional.subarray(0, this.count), text!.distinct);
    });
    return { version, rows: this.count, columns };
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
