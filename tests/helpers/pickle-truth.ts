/**
 * The fixtures' truth files (written by scripts/fixtures/make_pickles.py from
 * what pandas itself reads back) use tagged JSON so that NaN, big ints,
 * tuples and times survive. This helper encodes the reader's output into the
 * same form, so a test compares the two value by value.
 */
import { gunzipSync } from 'node:zlib';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { NDArray, PyTime, type DataFrameTable } from '@/lib/pickle';

export const FIXTURE_ROOT = path.resolve(__dirname, '../fixtures/pickles');

export interface TruthColumn {
  name: string | number;
  dtype: string;
  values: unknown[];
}

export interface Truth {
  file: string;
  pandas: string;
  protocol: number;
  shape: [number, number];
  index: { type: string; name: string | null; dtype: string; values: unknown[] };
  columns: TruthColumn[];
}

export interface Fixture {
  version: string;
  pickle: string;
  truth: () => Truth;
}

export function listFixtures(): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const version of readdirSync(FIXTURE_ROOT).sort()) {
    const dir = path.join(FIXTURE_ROOT, version);
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.pkl')).sort()) {
      const stem = path.join(dir, name.replace(/\.pkl$/, ''));
      fixtures.push({
        version,
        pickle: path.join(dir, name),
        truth: () => {
          const gz = `${stem}.truth.json.gz`;
          const text = readdirSync(dir).includes(path.basename(gz))
            ? gunzipSync(readFileSync(gz)).toString('utf8')
            : readFileSync(`${stem}.truth.json`, 'utf8');
          return JSON.parse(text) as Truth;
        },
      });
    }
  }
  return fixtures;
}

const NAT = -(2n ** 63n);

function encodeFloat(value: number): unknown {
  if (Number.isNaN(value)) return { $float: 'nan' };
  if (value === Infinity) return { $float: 'inf' };
  if (value === -Infinity) return { $float: '-inf' };
  if (Object.is(value, -0)) return { $float: '-0' };
  return value;
}

function encodeInt(value: bigint): unknown {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : { $int: String(value) };
}

function nest(array: NDArray, encode: (v: unknown) => unknown): unknown {
  const { shape, fortranOrder } = array;
  const data = array.data as ArrayLike<unknown>;
  const strides: number[] = new Array(shape.length);
  let stride = 1;
  const order = fortranOrder ? shape.map((_, i) => i) : shape.map((_, i) => shape.length - 1 - i);
  for (const axis of order) {
    strides[axis] = stride;
    stride *= shape[axis];
  }
  const build = (axis: number, offset: number): unknown =>
    axis === shape.length ? encode(data[offset]) : Array.from({ length: shape[axis] }, (_, i) => build(axis + 1, offset + i * strides[axis]));
  return build(0, 0);
}

/** Encodes one decoded Python value the way make_pickles.py encodes pandas' value. */
export function encodeValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return encodeFloat(value);
  if (typeof value === 'bigint') return encodeInt(value);
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value instanceof Map) return { $dict: [...value].map(([k, v]) => [encodeValue(k), encodeValue(v)]) };
  if (value instanceof PyTime) return { $time: value.toString() };
  if (value instanceof NDArray) {
    const element = elementEncoder(value.dtype.name);
    return { $ndarray: { dtype: value.dtype.name, shape: value.shape, values: nest(value, element) } };
  }
  throw new Error(`test encoder: unexpected ${Object.prototype.toString.call(value)}`);
}

function elementEncoder(dtype: string): (v: unknown) => unknown {
  if (dtype === 'bool') return (v) => v === 1 || v === true;
  if (dtype.startsWith('datetime64')) return (v) => (v === NAT ? { $nat: true } : { $datetime64: String(v) });
  if (dtype.startsWith('timedelta64')) return (v) => (v === NAT ? { $nat: true } : { $timedelta64: String(v) });
  return encodeValue;
}

export function encodeColumn(dtype: string, values: ArrayLike<unknown>): unknown[] {
  return Array.from(values, elementEncoder(dtype));
}

/**
 * Two documented differences from pandas' own view: tuples decode as arrays,
 * and a missing value in a string column is always null (pandas 3 uses NaN).
 */
export function normaliseTruth(value: unknown, dtype?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => normaliseTruth(v));
  if (value && typeof value === 'object') {
    const tagged = value as Record<string, unknown>;
    if ('$tuple' in tagged) return normaliseTruth(tagged.$tuple);
    if ((dtype === 'str' || dtype === 'string') && tagged.$float === 'nan') return null;
    return Object.fromEntries(Object.entries(tagged).map(([k, v]) => [k, normaliseTruth(v)]));
  }
  return value;
}

export function tableAsTruth(table: DataFrameTable) {
  return {
    shape: [table.rowCount, table.columns.length],
    index: { type: table.index.type, name: table.index.name, dtype: table.index.dtype, values: encodeColumn(table.index.dtype, table.index.values) },
    columns: table.columns.map((c) => ({ name: c.name, dtype: c.dtype, values: encodeColumn(c.dtype, c.values) })),
  };
}

export function truthForComparison(truth: Truth) {
  return {
    shape: truth.shape,
    index: { ...truth.index, values: normaliseTruth(truth.index.values) },
    columns: truth.columns.map((c) => ({
      name: String(c.name),
      dtype: c.dtype,
      values: c.values.map((v) => normaliseTruth(v, c.dtype)),
    })),
  };
}
