/**
 * Reads a pandas DataFrame written by `DataFrame.to_pickle` (pandas 1.x, 2.x,
 * 3.x; pickle protocols 0-5, tested on 2-5) without Python and without executing anything
 * from the file.
 */
import { open } from 'node:fs/promises';
import { PickleError } from './errors';
import { type DataFrameTable, dataFrameToTable } from './dataframe';
import { GlobalRegistry } from './globals';
import { registerNumpyGlobals } from './numpy';
import { registerPandasGlobals } from './pandas';
import { registerPythonGlobals } from './python';
import { DEFAULT_LIMITS, type PickleLimits, unpickle } from './unpickler';

export { PickleError } from './errors';
export type { DataFrameTable, TableColumn, TableIndex, ColumnValues } from './dataframe';
export { DEFAULT_LIMITS, type PickleLimits } from './unpickler';
export { PyTime, PyDate, PyDateTime, PyTimedelta } from './python';
export { NDArray, DType } from './numpy';

function buildRegistry(): GlobalRegistry {
  const registry = new GlobalRegistry();
  registerPythonGlobals(registry);
  registerNumpyGlobals(registry);
  registerPandasGlobals(registry);
  return registry;
}

const registry = buildRegistry();

/** Decodes a DataFrame pickle already in memory; `file` names it in errors. */
export function parseDataFramePickle(data: Buffer, file: string, limits: Partial<PickleLimits> = {}): DataFrameTable {
  const effective = { ...DEFAULT_LIMITS, ...limits };
  const value = unpickle(data, file, registry, effective);
  return dataFrameToTable(value, file, effective);
}

/** Reads and decodes a DataFrame pickle from disk, checking its size before reading it. */
export async function readDataFramePickle(file: string, limits: Partial<PickleLimits> = {}): Promise<DataFrameTable> {
  const maxFileBytes = limits.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  let data: Buffer;
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > maxFileBytes) throw new PickleError(file, `file is ${size} bytes, over the limit of ${maxFileBytes} (maxFileBytes)`);
      data = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (error instanceof PickleError) throw error;
    throw new PickleError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseDataFramePickle(data, file, limits);
}

/**
 * A column as JavaScript numbers, for integer and float columns alike. int64
 * values beyond 2**53 cannot be numbers exactly: they are an error naming the
 * column and row, never a silently rounded value.
 */
export function toNumbers(values: DataFrameTable['columns'][number]['values'], what: string): Float64Array {
  if (values instanceof Float64Array) return values;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'bigint') {
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
        throw new RangeError(`${what}: row ${i} holds ${value}, which is beyond the exact range of a number`);
      }
      out[i] = Number(value);
    } else if (typeof value === 'number') {
      out[i] = value;
    } else if (value === null) {
      out[i] = NaN;
    } else {
      throw new TypeError(`${what}: row ${i} is not a number`);
    }
  }
  return out;
}
