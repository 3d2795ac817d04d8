/**
 * How Python values decode in JavaScript, and the few Python built-ins a
 * pandas pickle names (slice, bytes via _codecs, datetime, copyreg).
 *
 * None -> null, bool -> boolean, int -> number (or bigint beyond 2**53),
 * float -> number, str -> string, bytes/bytearray -> Uint8Array,
 * list and tuple -> Array, dict -> Map (never a plain object, so keys such
 * as "__proto__" from the file stay data), set/frozenset -> Set,
 * datetime.time -> PyTime, datetime.date -> PyDate, datetime.datetime ->
 * PyDateTime, datetime.timedelta -> PyTimedelta.
 */
import { type GlobalRegistry, PyGlobal, type UnpickleContext } from './globals';

/** A Python `slice`, as pandas writes block placements. */
export class PySlice {
  constructor(
    readonly start: number | null,
    readonly stop: number | null,
    readonly step: number | null,
  ) {}
}

/** `datetime.time` without a timezone (srt_df's start_time / end_time). */
export class PyTime {
  constructor(
    readonly hour: number,
    readonly minute: number,
    readonly second: number,
    readonly microsecond: number,
  ) {}

  /** Seconds since midnight, with the microseconds as a fraction. */
  get totalSeconds(): number {
    return this.hour * 3600 + this.minute * 60 + this.second + this.microsecond / 1e6;
  }

  toString(): string {
    const two = (n: number) => String(n).padStart(2, '0');
    return `${two(this.hour)}:${two(this.minute)}:${two(this.second)}.${String(this.microsecond).padStart(6, '0')}`;
  }
}

export class PyDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}
}

export class PyDateTime {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
    readonly time: PyTime,
  ) {}
}

export class PyTimedelta {
  constructor(
    readonly days: number,
    readonly seconds: number,
    readonly microseconds: number,
  ) {}
}

/** A Python int as JavaScript number when exact, else as bigint. */
export function pyInt(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

export function isInteger(value: unknown): value is number | bigint {
  return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'bigint';
}

function expectBytes(value: unknown, what: string, ctx: UnpickleContext): Uint8Array {
  if (value instanceof Uint8Array) return value;
  return ctx.fail(`${what} expects bytes, got ${describe(value)}`);
}

function sliceBound(value: unknown, ctx: UnpickleContext): number | null {
  if (value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  return ctx.fail(`slice bound must be an int or None, got ${describe(value)}`);
}

/** datetime's pickled state: bytes laid out as in CPython's _datetimemodule.c. */
function timeFromBytes(bytes: Uint8Array, at: number): PyTime {
  return new PyTime(bytes[at], bytes[at + 1], bytes[at + 2], (bytes[at + 3] << 16) | (bytes[at + 4] << 8) | bytes[at + 5]);
}

/** A short, safe description of a decoded value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return `a sequence of ${value.length}`;
  if (value instanceof Map) return 'a dict';
  if (value instanceof Uint8Array) return `bytes(${value.length})`;
  if (value instanceof PyGlobal) return value.qualifiedName;
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  if (typeof value === 'string') return `str ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * The built-ins. `_codecs.encode` only ever re-encodes latin-1 text back into
 * bytes: that is how protocol 2 carries Python 3 bytes objects.
 */
export function registerPythonGlobals(registry: GlobalRegistry): void {
  registry.function('builtins', 'slice', (args, ctx) => {
    if (args.length < 1 || args.length > 3) ctx.fail(`slice() takes 1 to 3 arguments, got ${args.length}`);
    const [a, b, c] = args.map((arg) => sliceBound(arg, ctx));
    return args.length === 1 ? new PySlice(null, a, null) : new PySlice(a, b, c ?? null);
  });

  registry.function('_codecs', 'encode', (args, ctx: UnpickleContext) => {
    const [text, encoding] = args;
    if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) {
      ctx.fail(`_codecs.encode is only allowed as encode(str, "latin1"), got ${describe(encoding)}`);
    }
    ctx.allocate(text.length);
    return Uint8Array.from(Buffer.from(text, 'latin1'));
  });

  // Protocol 2 writes an empty bytes object as __builtin__.bytes().
  registry.function('builtins', 'bytes', (args, ctx) => {
    if (args.length === 0) return new Uint8Array(0);
    return expectBytes(args[0], 'bytes()', ctx);
  });

  registry.function('builtins', 'bytearray', (args, ctx) => {
    if (args.length === 0) return new Uint8Array(0);
    if (args[0] instanceof Uint8Array) return args[0];
    if (typeof args[0] === 'string' && (args[1] === 'latin1' || args[1] === 'latin-1')) {
      ctx.allocate(args[0].length);
      return Uint8Array.from(Buffer.from(args[0], 'latin1'));
    }
    return ctx.fail(`bytearray() is only allowed on bytes or latin-1 text, got ${describe(args[0])}`);
  });

  registry.function('builtins', 'set', (args) => new Set(Array.isArray(args[0]) ? args[0] : []));
  registry.function('builtins', 'frozenset', (args) => new Set(Array.isArray(args[0]) ? args[0] : []));

  registry.function('datetime', 'time', (args, ctx) => {
    if (args.length > 1 && args[1] !== null) ctx.fail('datetime.time with a timezone is not supported');
    const bytes = expectBytes(args[0], 'datetime.time', ctx);
    if (bytes.length !== 6) ctx.fail(`datetime.time state must be 6 bytes, got ${bytes.length}`);
    return timeFromBytes(bytes, 0);
  });

  registry.function('datetime', 'date', (args, ctx) => {
    const bytes = expectBytes(args[0], 'datetime.date', ctx);
    if (bytes.length !== 4) ctx.fail(`datetime.date state must be 4 bytes, got ${bytes.length}`);
    return new PyDate(bytes[0] * 256 + bytes[1], bytes[2], bytes[3]);
  });

  registry.function('datetime', 'datetime', (args, ctx) => {
    if (args.length > 1 && args[1] !== null) ctx.fail('datetime.datetime with a timezone is not supported');
    const bytes = expectBytes(args[0], 'datetime.datetime', ctx);
    if (bytes.length !== 10) ctx.fail(`datetime.datetime state must be 10 bytes, got ${bytes.length}`);
    return new PyDateTime(bytes[0] * 256 + bytes[1], bytes[2], bytes[3], timeFromBytes(bytes, 4));
  });

  registry.function('datetime', 'timedelta', (args, ctx) => {
    if (args.length !== 3 || !args.every((arg) => typeof arg === 'number')) {
      ctx.fail('datetime.timedelta expects (days, seconds, microseconds)');
    }
    return new PyTimedelta(args[0] as number, args[1] as number, args[2] as number);
  });

  // Protocol 2 spells object.__reduce_ex__ as copyreg._reconstructor(cls, object, None).
  registry.function('copyreg', '_reconstructor', (args, ctx) => {
    const [cls, base, state] = args;
    if (base !== registry.lookup('builtins', 'object', ctx) || state !== null) {
      ctx.fail('copyreg._reconstructor is only allowed with base object and no state');
    }
    return registry.instantiate(cls, [], ctx);
  });
  registry.function('copyreg', '__newobj__', (args, ctx) => registry.instantiate(args[0], args.slice(1), ctx));
  registry.marker('builtins', 'object');
}
