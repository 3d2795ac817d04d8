/**
 * numpy's pickled forms, rebuilt without numpy: dtypes, ndarrays (both the
 * `_reconstruct` + BUILD form and protocol 5's `_frombuffer` form, C and
 * Fortran order) and scalars. Numeric data lands in typed arrays; int64 and
 * uint64 in BigInt64Array / BigUint64Array so no value silently loses precision.
 */
import type { GlobalRegistry, Stateful, UnpickleContext } from './globals';
import { describe, pyInt } from './python';

export type NumericArray =
  | Int8Array | Int16Array | Int32Array | BigInt64Array
  | Uint8Array | Uint16Array | Uint32Array | BigUint64Array
  | Float32Array | Float64Array;

/** An ndarray's elements in memory order: typed for numbers, plain for objects and text. */
export type ArrayData = NumericArray | unknown[];

type TypedArrayConstructor = {
  new (length: number): NumericArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): NumericArray;
  BYTES_PER_ELEMENT: number;
};

const TYPED: Record<string, TypedArrayConstructor> = {
  b1: Uint8Array, i1: Int8Array, i2: Int16Array, i4: Int32Array, i8: BigInt64Array,
  u1: Uint8Array, u2: Uint16Array, u4: Uint32Array, u8: BigUint64Array,
  f4: Float32Array, f8: Float64Array, M8: BigInt64Array, m8: BigInt64Array,
};

const KIND_NAMES: Record<string, string> = { i: 'int', u: 'uint', f: 'float' };

export class DType implements Stateful {
  byteorder: '<' | '>' | '|' = '<';
  unit: string | null = null;

  constructor(
    readonly kind: string,
    public itemsize: number,
  ) {}

  private typedCache: TypedArrayConstructor | null | undefined;

  /** The typed array for this dtype's elements, if it has one; looked up once, since arrays share their dtype. */
  get typed(): TypedArrayConstructor | undefined {
    if (this.typedCache === undefined) this.typedCache = TYPED[`${this.kind}${this.itemsize}`] ?? null;
    return this.typedCache ?? undefined;
  }

  /** numpy's name for the dtype, as `str(dtype)` prints it. */
  get name(): string {
    if (this.kind === 'b') return 'bool';
    if (this.kind === 'O') return 'object';
    if (KIND_NAMES[this.kind]) return `${KIND_NAMES[this.kind]}${this.itemsize * 8}`;
    if (this.kind === 'M') return `datetime64[${this.unit ?? 'ns'}]`;
    if (this.kind === 'm') return `timedelta64[${this.unit ?? 'ns'}]`;
    if (this.kind === 'U') return `<U${this.itemsize / 4}`;
    return `|${this.kind}${this.itemsize}`;
  }

  setState(state: unknown, ctx: UnpickleContext): void {
    if (!Array.isArray(state) || state.length < 8) ctx.fail(`numpy.dtype state must be a tuple of 8 or 9, got ${describe(state)}`);
    const [, byteorder, subarray, names, , elsize] = state;
    if (byteorder !== '<' && byteorder !== '>' && byteorder !== '|' && byteorder !== '=') ctx.fail(`numpy.dtype has an unknown byte order ${describe(byteorder)}`);
    if (subarray !== null || names !== null) ctx.fail(`structured and sub-array dtypes are not supported (dtype ${this.name})`);
    this.byteorder = byteorder === '=' ? '<' : byteorder;
    if (Number.isSafeInteger(elsize) && (elsize as number) > 0) this.itemsize = elsize as number;
    this.typedCache = undefined;
    if ((this.kind === 'M' || this.kind === 'm') && state.length > 8) this.unit = datetimeUnit(state[8], ctx);
  }
}

/** Datetime dtypes carry `(metadata, (unit, count, ...))` as their ninth state item. */
function datetimeUnit(metadata: unknown, ctx: UnpickleContext): string {
  const details = Array.isArray(metadata) ? metadata.find((item) => Array.isArray(item)) : null;
  const unit = Array.isArray(details) ? details[0] : null;
  if (!(unit instanceof Uint8Array) || details?.[1] !== 1) ctx.fail('datetime64 dtype without a readable unit');
  const name = Buffer.from(unit).toString('latin1');
  if (!/^(Y|M|W|D|h|m|s|ms|us|ns|ps|fs|as|generic)$/.test(name)) ctx.fail(`unknown datetime unit ${JSON.stringify(name)}`);
  return name;
}

function parseDType(spec: unknown, ctx: UnpickleContext): DType {
  const match = typeof spec === 'string' ? /^([?bBhHiIlLqQuefdgFDGOUSVMm])(\d*)$/.exec(spec) : null;
  if (!match) return ctx.fail(`unsupported numpy dtype ${describe(spec)}`);
  const [, kind, digits] = match;
  const size = digits === '' ? 0 : Number(digits);
  switch (kind) {
    case 'b': case 'i': case 'u': case 'f': case 'c': case 'O': case 'M': case 'm': case 'S': case 'V':
      return new DType(kind, size);
    case 'U':
      return new DType('U', size * 4);
    default:
      return ctx.fail(`unsupported numpy dtype ${describe(spec)}`);
  }
}

export class NDArray implements Stateful {
  // What numpy's `_reconstruct(ndarray, (0,), b'b')` makes before BUILD gives the state: an empty int8 array.
  dtype = new DType('i', 1);
  shape: number[] = [0];
  fortranOrder = false;
  /** The elements' bytes as pickled (a view into the file), for non-object dtypes. */
  raw: Uint8Array | null = null;
  private decoded: ArrayData | null = null;

  get size(): number {
    let size = 1;
    for (const n of this.shape) size *= n;
    return size;
  }

  /**
   * The elements in memory order, decoded on first use: most arrays in a
   * face_df are 128-d encodings that ingest stores as bytes, never as numbers.
   */
  get data(): ArrayData {
    this.decoded ??= decodeElements(this.dtype, this.raw ?? new Uint8Array(0), this.size);
    return this.decoded;
  }

  setState(state: unknown, ctx: UnpickleContext): void {
    if (!Array.isArray(state) || (state.length !== 5 && state.length !== 4)) {
      ctx.fail(`ndarray state must be a tuple of 4 or 5, got ${describe(state)}`);
    }
    const at = state.length - 4;
    this.fill(state[at], state[at + 1], state[at + 2] === true, state[at + 3], ctx);
  }

  fill(shape: unknown, dtype: unknown, fortranOrder: boolean, raw: unknown, ctx: UnpickleContext): void {
    if (!(dtype instanceof DType)) ctx.fail(`ndarray dtype must be a numpy.dtype, got ${describe(dtype)}`);
    if (!isShape(shape)) ctx.fail(`bad ndarray shape ${describe(shape)}`);
    this.dtype = dtype;
    this.shape = shape as number[];
    this.fortranOrder = fortranOrder;
    this.raw = null;
    this.decoded = null;
    const count = this.size;
    if (!Number.isSafeInteger(count)) ctx.fail(`ndarray shape ${shape.join('x')} is too large`);
    if (dtype.kind === 'O') {
      if (!Array.isArray(raw) || raw.length !== count) ctx.fail(`object ndarray of ${count} elements has ${describe(raw)} as data`);
      this.decoded = raw;
      return;
    }
    if (!decodable(dtype)) ctx.fail(`unsupported numpy dtype ${dtype.name}`);
    if (!(raw instanceof Uint8Array)) ctx.fail(`ndarray data must be bytes, got ${describe(raw)}`);
    if (raw.length !== count * dtype.itemsize) {
      ctx.fail(`ndarray of ${count} x ${dtype.itemsize}-byte ${dtype.name} needs ${count * dtype.itemsize} bytes, got ${raw.length}`);
    }
    ctx.allocate(decodedBytes(dtype, raw.length, count));
    this.raw = raw;
  }
}

function isShape(shape: unknown): shape is number[] {
  if (!Array.isArray(shape)) return false;
  for (const n of shape) if (!(Number.isSafeInteger(n) && n >= 0)) return false;
  return true;
}

function decodable(dtype: DType): boolean {
  return dtype.kind === 'U' || dtype.kind === 'S' || (dtype.kind === 'f' && dtype.itemsize === 2) || dtype.typed !== undefined;
}

/**
 * How many bytes decoding may allocate: text becomes JS strings, one slot per
 * item even when items are zero bytes wide (`<U0`), and halves become floats.
 */
function decodedBytes(dtype: DType, rawLength: number, count: number): number {
  if (dtype.kind === 'U' || dtype.kind === 'S') return 4 * rawLength + 8 * count;
  return dtype.kind === 'f' && dtype.itemsize === 2 ? 2 * rawLength : rawLength;
}

function swapBytes(bytes: Uint8Array, itemsize: number): Uint8Array {
  const swapped = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += itemsize) {
    for (let j = 0; j < itemsize; j++) swapped[i + j] = bytes[i + itemsize - 1 - j];
  }
  return swapped;
}

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function decodeText(dtype: DType, bytes: Uint8Array, count: number): string[] {
  const out: string[] = new Array(count);
  const size = dtype.itemsize;
  for (let i = 0; i < count; i++) {
    const item = Buffer.from(bytes.buffer, bytes.byteOffset + i * size, size);
    let text = '';
    if (dtype.kind === 'U') {
      for (let at = 0; at < size; at += 4) {
        const code = dtype.byteorder === '>' ? item.readUInt32BE(at) : item.readUInt32LE(at);
        if (code === 0) break;
        text += String.fromCodePoint(Math.min(code, 0x10ffff));
      }
    } else {
      const end = item.indexOf(0);
      text = item.toString('latin1', 0, end < 0 ? size : end);
    }
    out[i] = text;
  }
  return out;
}

/**
 * Turns raw little- or big-endian bytes into a typed array (or strings for
 * text dtypes). Aligned little-endian data is viewed in place, without a copy.
 * fill() has checked that the dtype is decodable and the length is right.
 */
function decodeElements(dtype: DType, raw: Uint8Array, count: number): ArrayData {
  if (dtype.kind === 'U' || dtype.kind === 'S') return decodeText(dtype, raw, count);
  const bytes = dtype.byteorder === '>' && dtype.itemsize > 1 ? swapBytes(raw, dtype.itemsize) : raw;
  if (dtype.kind === 'f' && dtype.itemsize === 2) {
    const halves = new Uint16Array(count);
    new Uint8Array(halves.buffer).set(bytes);
    return Float32Array.from(halves, halfToFloat);
  }
  const Typed = dtype.typed!;
  if (bytes.byteOffset % Typed.BYTES_PER_ELEMENT === 0) return new Typed(bytes.buffer, bytes.byteOffset, count);
  const copy = new Typed(count);
  new Uint8Array(copy.buffer).set(bytes);
  return copy;
}

/** A numpy scalar (`numpy.core.multiarray.scalar(dtype, bytes)`) as a plain value. */
function scalar(args: unknown[], ctx: UnpickleContext): unknown {
  const [dtype, raw] = args;
  if (!(dtype instanceof DType)) return ctx.fail(`numpy scalar needs a dtype, got ${describe(dtype)}`);
  if (dtype.kind === 'O') return raw;
  const array = new NDArray();
  array.fill([], dtype, false, raw, ctx);
  const value = array.data[0];
  if (dtype.kind === 'b') return value === 1;
  return typeof value === 'bigint' && dtype.kind !== 'M' && dtype.kind !== 'm' ? pyInt(value) : value;
}

function frombuffer(args: unknown[], ctx: UnpickleContext): NDArray {
  const [buffer, dtype, shape, order] = args;
  if (order !== 'C' && order !== 'F') ctx.fail(`ndarray order must be "C" or "F", got ${describe(order)}`);
  const array = new NDArray();
  array.fill(shape, dtype, order === 'F', buffer, ctx);
  return array;
}

export function registerNumpyGlobals(registry: GlobalRegistry): void {
  const ndarray = registry.marker('numpy', 'ndarray');
  registry.cls('numpy', 'dtype', { call: ([spec], ctx) => parseDType(spec, ctx) });
  registry.function('numpy.core.multiarray', '_reconstruct', ([cls], ctx) => {
    if (cls !== ndarray) ctx.fail(`numpy.core.multiarray._reconstruct is only allowed for numpy.ndarray, got ${describe(cls)}`);
    return new NDArray();
  });
  registry.function('numpy.core.multiarray', 'scalar', scalar);
  registry.function('numpy.core.numeric', '_frombuffer', frombuffer);
}
