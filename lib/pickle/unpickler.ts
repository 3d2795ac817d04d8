/**
 * A pickle virtual machine (protocols 0-5) that executes nothing: opcodes
 * build plain values, and globals come only from the allow-list in the
 * registry. Limits on memo size, mark depth and allocation make a crafted
 * file end in a PickleError instead of a hang or an out-of-memory.
 */
import { PickleError } from './errors';
import { type GlobalRegistry, type UnpickleContext, isStateful } from './globals';
import { describe, pyInt } from './python';

export interface PickleLimits {
  /** Largest file the reader will open. */
  maxFileBytes: number;
  /** Most memo entries (PUT / MEMOIZE) a pickle may create. */
  maxMemoEntries: number;
  /** Deepest nesting of MARKs, and of decoded values handed to callers. */
  maxDepth: number;
  /** Bytes the reader may allocate beyond the file itself (arrays, copies). */
  maxAllocBytes: number;
}

export const DEFAULT_LIMITS: PickleLimits = {
  maxFileBytes: 2 * 1024 ** 3,
  maxMemoEntries: 50_000_000,
  maxDepth: 200,
  maxAllocBytes: 2 * 1024 ** 3,
};

const HIGHEST_PROTOCOL = 5;
const textDecoder = new TextDecoder('utf-8', { fatal: true });

class Unpickler implements UnpickleContext {
  private pos = 0;
  private opStart = 0;
  private stack: unknown[] = [];
  private readonly marks: unknown[][] = [];
  private readonly memo = new Map<number, unknown>();
  /** len(memo) in Python's terms: the key MEMOIZE writes next. */
  private memoSize = 0;
  /** Memo keys some GET reads; the others are never stored, so their values can be collected early. */
  private readonly wanted: Uint8Array;
  private allocated = 0;

  constructor(
    private readonly data: Buffer,
    readonly file: string,
    private readonly registry: GlobalRegistry,
    private readonly limits: PickleLimits,
  ) {
    this.wanted = referencedMemoKeys(data);
  }

  fail(detail: string): never {
    throw new PickleError(this.file, detail, this.opStart);
  }

  allocate(bytes: number): void {
    this.allocated += bytes;
    if (!(bytes >= 0) || this.allocated > this.limits.maxAllocBytes) {
      this.fail(`allocation limit of ${this.limits.maxAllocBytes} bytes exceeded (maxAllocBytes)`);
    }
  }

  private need(n: number): number {
    const start = this.pos;
    if (n < 0 || start + n > this.data.length) {
      this.fail(`truncated file: needs ${n} more bytes, ${this.data.length - start} left`);
    }
    this.pos = start + n;
    return start;
  }

  private line(): string {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) this.fail('truncated file: missing end of line');
    const text = this.data.toString('latin1', this.pos, end);
    this.pos = end + 1;
    return text;
  }

  private utf8(start: number, length: number): string {
    // Column names, emotions and alignments are short ASCII: skip the decoder's validation for them.
    if (length <= 64) {
      let ascii = true;
      for (let i = start; i < start + length; i++) {
        if (this.data[i] >= 0x80) {
          ascii = false;
          break;
        }
      }
      if (ascii) return this.data.toString('latin1', start, start + length);
    }
    try {
      return textDecoder.decode(this.data.subarray(start, start + length));
    } catch {
      return this.fail('invalid UTF-8 in a string');
    }
  }

  private bytes(length: number): Uint8Array {
    const start = this.need(length);
    // A plain view: cheaper to make than a Buffer, and enough for everything that reads it.
    return new Uint8Array(this.data.buffer, this.data.byteOffset + start, length);
  }

  private length64(): number {
    const start = this.need(8);
    const length = this.data.readBigUInt64LE(start);
    if (length > BigInt(this.data.length)) this.fail(`truncated file: length ${length} runs past the end`);
    return Number(length);
  }

  /** Pushes after its argument is evaluated: popping a MARK swaps `this.stack`. */
  private push(value: unknown): void {
    this.stack.push(value);
  }

  private pop(): unknown {
    if (this.stack.length === 0) this.fail('stack underflow');
    return this.stack.pop();
  }

  private top(): unknown {
    if (this.stack.length === 0) this.fail('stack underflow');
    return this.stack[this.stack.length - 1];
  }

  private popMark(): unknown[] {
    const items = this.stack;
    const previous = this.marks.pop();
    if (previous === undefined) this.fail('no MARK on the stack');
    this.stack = previous;
    return items;
  }

  private tuple(n: number): unknown[] {
    const stack = this.stack;
    if (stack.length < n) this.fail('stack underflow');
    if (n === 1) return [stack.pop()];
    const second = stack.pop();
    const first = stack.pop();
    return n === 2 ? [first, second] : [stack.pop(), first, second];
  }

  private put(index: number, value: unknown): void {
    if (!Number.isSafeInteger(index) || index < 0) this.fail(`bad memo index ${index}`);
    if (index >= this.limits.maxMemoEntries) this.fail(`memo limit of ${this.limits.maxMemoEntries} entries exceeded (maxMemoEntries)`);
    if (index >= this.memoSize) this.memoSize = index + 1;
    if (this.wanted[index] === 1) this.memo.set(index, value);
  }

  private get(index: number): unknown {
    const value = this.memo.get(index);
    if (value === undefined) this.fail(`memo key ${index} was never stored`);
    return value;
  }

  private list(): unknown[] {
    const target = this.top();
    if (!Array.isArray(target)) this.fail(`APPEND to ${describe(target)}, not a list`);
    return target;
  }

  private dict(): Map<unknown, unknown> {
    const target = this.top();
    if (!(target instanceof Map)) this.fail(`SETITEM on ${describe(target)}, not a dict`);
    return target;
  }

  private setItems(items: unknown[]): void {
    if (items.length % 2 !== 0) this.fail('SETITEMS with an odd number of items');
    const dict = this.dict();
    for (let i = 0; i < items.length; i += 2) dict.set(items[i], items[i + 1]);
  }

  private addItems(items: unknown[]): void {
    const target = this.top();
    if (!(target instanceof Set)) this.fail(`ADDITEMS on ${describe(target)}, not a set`);
    for (const item of items) target.add(item);
  }

  private reduce(callable: unknown, args: unknown): unknown {
    if (!Array.isArray(args)) this.fail(`REDUCE arguments must be a tuple, got ${describe(args)}`);
    return this.registry.call(callable, args, this);
  }

  private build(state: unknown): void {
    const target = this.top();
    if (!isStateful(target)) this.fail(`BUILD on ${describe(target)}, which takes no state`);
    target.setState(state, this);
  }

  private global(module: string, name: string): unknown {
    return this.registry.lookup(module, name, this);
  }

  private rawUnicodeEscape(text: string): string {
    return text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, u4: string | undefined, u8: string | undefined) => {
      const code = parseInt(u4 ?? u8 ?? '', 16);
      if (code > 0x10ffff) this.fail(`\\U escape beyond U+10FFFF in a string: ${u8}`);
      return String.fromCodePoint(code);
    });
  }

  private decimalInt(text: string): number | bigint | boolean {
    if (text === '00') return false;
    if (text === '01') return true;
    if (!/^[+-]?\d+L?$/.test(text)) this.fail(`bad integer literal ${JSON.stringify(text.slice(0, 40))}`);
    return pyInt(BigInt(text.replace(/L$/, '')));
  }

  private littleEndianLong(start: number, length: number): number | bigint {
    if (length === 0) return 0;
    if (length <= 6) return this.data.readIntLE(start, length);
    let value = 0n;
    for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(this.data[start + i]);
    if (this.data[start + length - 1] & 0x80) value -= 1n << BigInt(length * 8);
    return pyInt(value);
  }

  run(): unknown {
    const data = this.data;
    for (;;) {
      this.opStart = this.pos;
      const op = data[this.need(1)];
      let at: number;
      switch (op) {
        case 0x80: { // PROTO
          const protocol = data[this.need(1)];
          if (protocol > HIGHEST_PROTOCOL) this.fail(`unsupported pickle protocol ${protocol}`);
          break;
        }
        case 0x95: // FRAME: the whole file is in memory, so frames need no buffering
          this.need(8);
          break;
        case 0x2e: // STOP
          if (this.marks.length > 0) this.fail('STOP inside an unclosed MARK');
          return this.pop();
        case 0x28: // MARK
          if (this.marks.length >= this.limits.maxDepth) this.fail(`MARKs nested deeper than ${this.limits.maxDepth} (maxDepth)`);
          this.marks.push(this.stack);
          this.stack = [];
          break;
        case 0x30: this.pop(); break; // POP
        case 0x31: this.popMark(); break; // POP_MARK
        case 0x32: this.stack.push(this.top()); break; // DUP

        case 0x4e: this.stack.push(null); break; // NONE
        case 0x88: this.stack.push(true); break; // NEWTRUE
        case 0x89: this.stack.push(false); break; // NEWFALSE
        case 0x4b: this.stack.push(data[this.need(1)]); break; // BININT1
        case 0x4d: this.stack.push(data.readUInt16LE(this.need(2))); break; // BININT2
        case 0x4a: this.stack.push(data.readInt32LE(this.need(4))); break; // BININT
        case 0x8a: { // LONG1
          const n = data[this.need(1)];
          this.stack.push(this.littleEndianLong(this.need(n), n));
          break;
        }
        case 0x8b: { // LONG4
          const n = data.readInt32LE(this.need(4));
          if (n > 1024) this.fail(`LONG4 of ${n} bytes is larger than any value a DataFrame holds`);
          this.stack.push(this.littleEndianLong(this.need(n), n));
          break;
        }
        case 0x49: this.stack.push(this.decimalInt(this.line())); break; // INT
        case 0x4c: this.stack.push(this.decimalInt(this.line())); break; // LONG
        case 0x47: this.stack.push(data.readDoubleBE(this.need(8))); break; // BINFLOAT
        case 0x46: { // FLOAT
          const text = this.line().trim();
          const value = Number(text);
          if (text === '' || (Number.isNaN(value) && !/^[+-]?nan$/i.test(text))) this.fail(`bad float literal ${JSON.stringify(text.slice(0, 40))}`);
          this.stack.push(value);
          break;
        }

        case 0x8c: { // SHORT_BINUNICODE
          const n = data[this.need(1)];
          at = this.need(n);
          this.stack.push(this.utf8(at, n));
          break;
        }
        case 0x58: { // BINUNICODE
          const n = data.readUInt32LE(this.need(4));
          at = this.need(n);
          this.stack.push(this.utf8(at, n));
          break;
        }
        case 0x8d: { // BINUNICODE8
          const n = this.length64();
          at = this.need(n);
          this.stack.push(this.utf8(at, n));
          break;
        }
        case 0x56: // UNICODE (protocol 0, raw-unicode-escape)
          this.stack.push(this.rawUnicodeEscape(this.line()));
          break;
        case 0x55: { // SHORT_BINSTRING: a Python 2 str, read as latin-1 like pandas does
          const n = data[this.need(1)];
          at = this.need(n);
          this.stack.push(data.toString('latin1', at, at + n));
          break;
        }
        case 0x54: { // BINSTRING
          const n = data.readInt32LE(this.need(4));
          at = this.need(n);
          this.stack.push(data.toString('latin1', at, at + n));
          break;
        }
        case 0x43: this.stack.push(this.bytes(data[this.need(1)])); break; // SHORT_BINBYTES
        case 0x42: this.stack.push(this.bytes(data.readUInt32LE(this.need(4)))); break; // BINBYTES
        case 0x8e: this.stack.push(this.bytes(this.length64())); break; // BINBYTES8
        case 0x96: this.stack.push(this.bytes(this.length64())); break; // BYTEARRAY8
        case 0x98: break; // READONLY_BUFFER: our buffers are never written to
        case 0x97: this.fail('out-of-band buffers (NEXT_BUFFER) are not supported: the pickle must be self-contained');
        case 0x53: this.fail('protocol 0 STRING opcodes are not supported');

        case 0x29: this.stack.push([]); break; // EMPTY_TUPLE
        case 0x85: this.push(this.tuple(1)); break; // TUPLE1
        case 0x86: this.push(this.tuple(2)); break; // TUPLE2
        case 0x87: this.push(this.tuple(3)); break; // TUPLE3
        case 0x74: this.push(this.popMark()); break; // TUPLE
        case 0x5d: this.stack.push([]); break; // EMPTY_LIST
        case 0x6c: this.push(this.popMark()); break; // LIST
        case 0x61: { // APPEND
          const value = this.pop();
          this.list().push(value);
          break;
        }
        case 0x65: { // APPENDS
          const items = this.popMark();
          const list = this.list();
          for (const item of items) list.push(item);
          break;
        }
        case 0x7d: this.stack.push(new Map()); break; // EMPTY_DICT
        case 0x64: { // DICT
          const items = this.popMark();
          this.stack.push(new Map());
          this.setItems(items);
          break;
        }
        case 0x73: { // SETITEM
          const value = this.pop();
          const key = this.pop();
          this.dict().set(key, value);
          break;
        }
        case 0x75: this.setItems(this.popMark()); break; // SETITEMS
        case 0x8f: this.stack.push(new Set()); break; // EMPTY_SET
        case 0x90: this.addItems(this.popMark()); break; // ADDITEMS
        case 0x91: this.push(new Set(this.popMark())); break; // FROZENSET

        case 0x94: this.put(this.memoSize, this.top()); break; // MEMOIZE
        case 0x71: this.put(data[this.need(1)], this.top()); break; // BINPUT
        case 0x72: this.put(data.readUInt32LE(this.need(4)), this.top()); break; // LONG_BINPUT
        case 0x70: this.put(Number(this.line()), this.top()); break; // PUT
        case 0x68: this.stack.push(this.get(data[this.need(1)])); break; // BINGET
        case 0x6a: this.stack.push(this.get(data.readUInt32LE(this.need(4)))); break; // LONG_BINGET
        case 0x67: this.stack.push(this.get(Number(this.line()))); break; // GET

        case 0x63: { // GLOBAL
          const module = this.line();
          this.stack.push(this.global(module, this.line()));
          break;
        }
        case 0x93: { // STACK_GLOBAL
          const name = this.pop();
          const module = this.pop();
          if (typeof module !== 'string' || typeof name !== 'string') this.fail('STACK_GLOBAL needs two strings');
          this.stack.push(this.global(module, name));
          break;
        }
        case 0x52: { // REDUCE
          const args = this.pop();
          const callable = this.pop();
          this.stack.push(this.reduce(callable, args));
          break;
        }
        case 0x81: { // NEWOBJ
          const args = this.pop();
          const cls = this.pop();
          if (!Array.isArray(args)) this.fail('NEWOBJ arguments must be a tuple');
          this.stack.push(this.registry.instantiate(cls, args, this));
          break;
        }
        case 0x92: { // NEWOBJ_EX
          const kwargs = this.pop();
          const args = this.pop();
          const cls = this.pop();
          if (!Array.isArray(args) || !(kwargs instanceof Map) || kwargs.size > 0) this.fail('NEWOBJ_EX with keyword arguments is not supported');
          this.stack.push(this.registry.instantiate(cls, args, this));
          break;
        }
        case 0x69: { // INST
          const module = this.line();
          const cls = this.global(module, this.line());
          this.push(this.registry.instantiate(cls, this.popMark(), this));
          break;
        }
        case 0x6f: { // OBJ
          const [cls, ...args] = this.popMark();
          this.stack.push(this.registry.instantiate(cls, args, this));
          break;
        }
        case 0x62: this.build(this.pop()); break; // BUILD
        case 0x50: case 0x51: this.fail('persistent ids are not supported'); // PERSID, BINPERSID
        case 0x82: case 0x83: case 0x84: this.fail('extension registry codes are not supported'); // EXT1/2/4
        default:
          this.fail(`unknown opcode 0x${op.toString(16).padStart(2, '0')}`);
      }
    }
  }
}

const LINE = -1;
const TWO_LINES = -2;
/** Bytes of argument after each opcode: n fixed, -n-10 for an n-byte length prefix, or lines. */
const ARGUMENT = new Int8Array(256);
for (const [ops, size] of [
  [[0x80, 0x4b, 0x71, 0x68, 0x82], 1], [[0x4d, 0x83], 2], [[0x4a, 0x72, 0x6a, 0x84], 4], [[0x95, 0x47], 8],
  [[0x8c, 0x43, 0x55, 0x8a], -11], [[0x58, 0x42, 0x54, 0x8b], -14], [[0x8d, 0x8e, 0x96], -18],
  [[0x49, 0x4c, 0x46, 0x53, 0x56, 0x70, 0x67, 0x50], LINE], [[0x63, 0x69], TWO_LINES],
] as const) {
  for (const op of ops) ARGUMENT[op] = size;
}

/**
 * A first pass over the opcodes that marks the memo keys read by GETs.
 * Picklers memoize every tuple they write; storing only the ones read back
 * lets short-lived values die young instead of filling the heap. The bitmap
 * spans the number of memo writes, or the largest key read if larger, capped
 * at the file's length: a writer that numbers memo keys beyond its own size
 * (no pickler does) gets "never stored" for them. Stops quietly at anything
 * malformed: the real pass reports it.
 */
function referencedMemoKeys(data: Buffer): Uint8Array {
  const keys: number[] = [];
  let writes = 0;
  let pos = 0;
  while (pos < data.length) {
    const op = data[pos++];
    if (op === 0x2e) break;
    if (op === 0x94) writes++;
    else if (op === 0x71 || op === 0x72 || op === 0x70) writes++;
    else if (op === 0x68) keys.push(data[pos]);
    else if (op === 0x6a && pos + 4 <= data.length) keys.push(data.readUInt32LE(pos));
    else if (op === 0x67) keys.push(Number(data.toString('latin1', pos, Math.max(pos, data.indexOf(0x0a, pos)))));
    const size = ARGUMENT[op];
    if (size > 0) pos += size;
    else if (size === LINE || size === TWO_LINES) {
      for (let lines = -size; lines > 0 && pos > 0; lines--) pos = data.indexOf(0x0a, pos) + 1;
      if (pos === 0) break;
    } else if (size === -11) pos += 1 + (data[pos] ?? 0);
    else if (size === -14) pos += pos + 4 <= data.length ? 4 + Math.max(0, data.readInt32LE(pos)) : data.length;
    else if (size === -18) pos += pos + 8 <= data.length ? 8 + Number(data.readBigUInt64LE(pos)) : data.length;
  }
  // PUT indexes are chosen by the writer, not counted: a BINPUT of 255 with one write is legal.
  let largest = writes;
  for (const key of keys) if (key > largest && key < 0x1_0000_0000) largest = Math.min(key, data.length);
  const wanted = new Uint8Array(largest + 1);
  for (const key of keys) if (key <= largest) wanted[key] = 1;
  return wanted;
}

/** Runs the pickle in `data` and returns the value it describes. */
export function unpickle(data: Buffer, file: string, registry: GlobalRegistry, limits: PickleLimits = DEFAULT_LIMITS): unknown {
  if (data.length > limits.maxFileBytes) {
    throw new PickleError(file, `file is ${data.length} bytes, over the limit of ${limits.maxFileBytes} (maxFileBytes)`);
  }
  if (data.length === 0) throw new PickleError(file, 'empty file');
  return new Unpickler(data, file, registry, limits).run();
}
