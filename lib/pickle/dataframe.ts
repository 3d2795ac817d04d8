/**
 * Turns an unpickled DataFrame (BlockManager, blocks, axes) into a plain
 * columnar table: the row index and, per column, its name, pandas dtype and
 * values in row order.
 */
import { PickleError } from './errors';
import { type ArrayData, NDArray, type NumericArray } from './numpy';
import { BackedArray, type BlockValues, DataFrameState, PandasIndex, StringDType } from './pandas';
import { PySlice } from './python';
import type { PickleLimits } from './unpickler';

export type ColumnValues = ArrayData;

export interface TableColumn {
  name: string;
  /** pandas' name for the dtype: int8..int64, uint8..uint64, float16..float64, bool, object, str, datetime64[ns], ... */
  dtype: string;
  /**
   * Row-ordered values. Numbers come as typed arrays (int64 as BigInt64Array,
   * bool as 0/1 in a Uint8Array, datetime64/timedelta64 as BigInt64Array ticks);
   * object and string columns as arrays of decoded Python values, with a
   * missing string always `null`.
   */
  values: ColumnValues;
}

export interface TableIndex {
  /** pandas' class: Index, Int64Index, RangeIndex, ... */
  type: string;
  name: string | null;
  dtype: string;
  values: ColumnValues;
}

export interface DataFrameTable {
  file: string;
  rowCount: number;
  index: TableIndex;
  columns: TableColumn[];
}

class Layout {
  private allocated = 0;

  constructor(
    readonly file: string,
    readonly limits: Pick<PickleLimits, 'maxDepth' | 'maxAllocBytes'>,
  ) {}

  fail(detail: string): never {
    throw new PickleError(this.file, detail);
  }

  /** Charges what the file does not pay for byte by byte: a RangeIndex is three ints whatever its length. */
  allocate(bytes: number): void {
    this.allocated += bytes;
    if (this.allocated > this.limits.maxAllocBytes) this.fail(`allocation limit of ${this.limits.maxAllocBytes} bytes exceeded (maxAllocBytes)`);
  }
}

function dtypeName(values: BlockValues): string {
  if (values instanceof NDArray) return values.dtype.name;
  return values.dtype?.name ?? 'object';
}

function backing(values: BlockValues, layout: Layout): NDArray {
  const array = values instanceof BackedArray ? values.values : values;
  if (!array) return layout.fail(`${(values as BackedArray).className} was never given its data`);
  return array;
}

/** Row `item` of a (items x rows) block, or the whole of a 1-D array. */
function blockRow(array: NDArray, item: number): ArrayData {
  if (array.shape.length === 1) return array.data;
  const [items, rows] = array.shape;
  const data = array.data;
  if (!array.fortranOrder) {
    return Array.isArray(data) ? data.slice(item * rows, (item + 1) * rows) : data.subarray(item * rows, (item + 1) * rows);
  }
  const out = Array.isArray(data) ? new Array(rows) : new (data.constructor as { new (n: number): NumericArray })(rows);
  for (let row = 0; row < rows; row++) out[row] = data[row * items + item];
  return out;
}

function placementPositions(placement: PySlice | NDArray, count: number, layout: Layout): number[] {
  if (placement instanceof PySlice) {
    const start = placement.start ?? 0;
    const step = placement.step ?? 1;
    if (step <= 0) layout.fail('block placement slice must step forward');
    return Array.from({ length: count }, (_, i) => start + i * step);
  }
  if (placement.dtype.kind !== 'i' && placement.dtype.kind !== 'u') layout.fail(`block placement must hold integer positions, not ${placement.dtype.name}`);
  return Array.from(placement.data as ArrayLike<number | bigint>, Number);
}

/** An axis' length, known before any of it is decoded or materialized. */
function axisLength(index: PandasIndex, layout: Layout): number {
  const source = index.values;
  if (!(source instanceof NDArray) && !(source instanceof BackedArray)) {
    const { start, stop, step } = source;
    const length = Math.max(0, Math.ceil((stop - start) / step));
    if (length > 1e9) layout.fail(`RangeIndex of ${length} rows is too large`);
    return length;
  }
  const array = backing(source, layout);
  if (array.shape.length !== 1) layout.fail(`index must be 1-D, got shape ${array.shape.join('x')}`);
  return array.shape[0];
}

function indexValues(index: PandasIndex, what: string, layout: Layout): { dtype: string; values: ColumnValues } {
  const source = index.values;
  if (!(source instanceof NDArray) && !(source instanceof BackedArray)) {
    const { start, step } = source;
    const length = axisLength(index, layout);
    layout.allocate(Float64Array.BYTES_PER_ELEMENT * length);
    return { dtype: 'int64', values: Float64Array.from({ length }, (_, i) => start + i * step) };
  }
  const values = backing(source, layout).data;
  if (Array.isArray(values)) checkNesting(values, (row) => `${what} entry ${row}`, layout);
  return { dtype: dtypeName(source), values };
}

function isMissing(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

function stringValues(values: unknown[], column: string, layout: Layout): unknown[] {
  return values.map((value, row) => {
    if (isMissing(value)) return null;
    if (typeof value !== 'string') layout.fail(`string column "${column}" holds a non-string at row ${row}`);
    return value;
  });
}

/**
 * Object cells are handed to callers, who walk them; a cyclic, absurdly deep
 * or exponentially shared value from a crafted file must stop here, with the
 * column and row named. Legitimate cells hold a handful of containers each, so
 * a visit budget proportional to the rows bounds the walk without a visited set.
 */
function checkNesting(values: unknown[], where: (row: number) => string, layout: Layout): void {
  const visits = 1_000_000 + 64 * values.length;
  let budget = visits;
  const { maxDepth } = layout.limits;
  const visit = (value: unknown, depth: number, row: number): void => {
    if (--budget < 0) layout.fail(`${where(row)} holds more nested values than any DataFrame cell should (stopped after ${visits} visits)`);
    if (depth > maxDepth) layout.fail(`${where(row)} is nested deeper than ${maxDepth} (maxDepth), or contains itself`);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child = value[i];
        if (typeof child === 'object' && child !== null) visit(child, depth + 1, row);
      }
    } else if (value instanceof Map || value instanceof Set) {
      for (const entry of value) visit(entry, depth + 1, row);
    } else if (value instanceof NDArray && value.dtype.kind === 'O') {
      visit(value.data, depth + 1, row);
    }
  };
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    if (typeof value === 'object' && value !== null) visit(value, 0, row);
  }
}

/** String() of a nested array recurses: callers bound the value with checkNesting first. */
function label(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

export function dataFrameToTable(frame: unknown, file: string, limits: Pick<PickleLimits, 'maxDepth' | 'maxAllocBytes'>): DataFrameTable {
  const layout = new Layout(file, limits);
  if (!(frame instanceof DataFrameState) || !frame.manager) return layout.fail('the pickle does not hold a pandas DataFrame');
  const { axes, blocks } = frame.manager;
  if (axes.length !== 2) layout.fail('BlockManager needs two axes (columns, index)');
  const [columnAxis, rowAxis] = axes;

  // Shapes first: every column and row the axes claim must be in a block
  // before the axes are materialized, since a RangeIndex costs nothing to claim.
  const columnCount = axisLength(columnAxis, layout);
  const rowCount = axisLength(rowAxis, layout);
  const shapes = blocks.map((block) => {
    const array = backing(block.values, layout);
    const items = array.shape.length === 1 ? 1 : array.shape[0];
    const rows = array.shape.length === 1 ? array.shape[0] : array.shape[1];
    if (array.shape.length < 1 || array.shape.length > 2 || rows !== rowCount) {
      layout.fail(`a ${dtypeName(block.values)} block has shape (${array.shape.join('x')}), but the frame has ${rowCount} rows`);
    }
    return { array, items };
  });
  // With placements unique and in range (checked below), this puts every column in exactly one block.
  const placed = shapes.reduce((sum, { items }) => sum + items, 0);
  if (placed !== columnCount) layout.fail(`the blocks hold ${placed} columns, but the frame has ${columnCount}`);

  const labels = Array.from(indexValues(columnAxis, 'the column labels', layout).values as ArrayLike<unknown>, label);
  const index = indexValues(rowAxis, 'the index', layout);
  checkNesting([rowAxis.name], () => 'the index name', layout);
  const columns: Array<TableColumn | undefined> = new Array(labels.length);

  blocks.forEach((block, b) => {
    const { array, items } = shapes[b];
    const positions = placementPositions(block.placement, items, layout);
    if (positions.length !== items) layout.fail(`a block of ${items} columns is placed at ${positions.length} positions`);
    const dtype = dtypeName(block.values);
    positions.forEach((position, item) => {
      if (!Number.isInteger(position) || position < 0 || position >= labels.length || columns[position]) {
        layout.fail(`block placement ${position} is outside the ${labels.length} columns or used twice`);
      }
      const name = labels[position];
      let values = blockRow(array, item);
      if (Array.isArray(values)) {
        const isString = block.values instanceof BackedArray && block.values.dtype instanceof StringDType;
        if (isString) values = stringValues(values, name, layout);
        else checkNesting(values, (row) => `column "${name}" row ${row}`, layout);
      }
      columns[position] = { name, dtype, values };
    });
  });

  return {
    file,
    rowCount,
    index: { type: rowAxis.type, name: rowAxis.name === null ? null : label(rowAxis.name), ...index },
    columns: columns as TableColumn[],
  };
}
