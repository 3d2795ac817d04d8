/**
 * The pickle reader on hostile input: pickles that would run code in
 * Python, prototype-pollution keys, limits, resource bombs and broken files.
 * Every failure must be a PickleError naming the file; nothing may run.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PickleError, type PickleLimits, parseDataFramePickle, readDataFramePickle } from '@/lib/pickle';
import { FIXTURE_ROOT } from '../../helpers/pickle-truth';

const MALICIOUS = path.resolve(__dirname, '../../fixtures/pickles-malicious');
const manifest = JSON.parse(readFileSync(path.join(MALICIOUS, 'MANIFEST.json'), 'utf8')) as {
  marker: string;
  files: Array<{ file: string; protocol: number; first_global: string; expect: string[] }>;
};
const scratch = mkdtempSync(path.join(tmpdir(), 'stillroom-pickle-safety-'));
/** What the crafted payloads below would create if anything ran them. */
const marker = path.join(scratch, 'pwned');

// ---------------------------------------------------------------------------
// Opcode streams, written by hand for what Python will not write
// ---------------------------------------------------------------------------

type Part = number | string | Uint8Array | readonly Part[];

/** Numbers are opcode bytes, strings raw latin-1 (GLOBAL lines), arrays flatten. */
function ops(...parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  const add = (part: Part): void => {
    if (typeof part === 'number') chunks.push(Buffer.of(part));
    else if (typeof part === 'string') chunks.push(Buffer.from(part, 'latin1'));
    else if (part instanceof Uint8Array) chunks.push(Buffer.from(part));
    else part.forEach(add);
  };
  parts.forEach(add);
  return Buffer.concat(chunks);
}

const [MARK, STOP, POP, NONE, TUPLE, EMPTY_TUPLE, EMPTY_LIST, APPEND, APPENDS] = [0x28, 0x2e, 0x30, 0x4e, 0x74, 0x29, 0x5d, 0x61, 0x65];
const [EMPTY_DICT, SETITEM, SETITEMS, REDUCE, BUILD, NEWOBJ, NEWOBJ_EX, STACK_GLOBAL] = [0x7d, 0x73, 0x75, 0x52, 0x62, 0x81, 0x92, 0x93];
const [BINPUT, BINGET, MEMOIZE, NEWTRUE, NEWFALSE] = [0x71, 0x68, 0x94, 0x88, 0x89];

const proto = (n: number) => ops(0x80, n);
const u64 = (n: bigint) => {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(n);
  return b;
};

function str(text: string): Buffer {
  const utf8 = Buffer.from(text, 'utf8');
  if (utf8.length < 256) return ops(0x8c, utf8.length, utf8);
  const n = Buffer.alloc(4);
  n.writeUInt32LE(utf8.length);
  return ops(0x58, n, utf8);
}

function int(value: number | bigint): Buffer {
  if (typeof value === 'number' && value >= 0 && value < 256) return ops(0x4b, value);
  if (typeof value === 'number' && value >= -(2 ** 31) && value < 2 ** 31) {
    const b = Buffer.alloc(5, 0x4a);
    b.writeInt32LE(value, 1);
    return b;
  }
  const bytes: number[] = [];
  let v = BigInt(value);
  do {
    bytes.push(Number(v & 0xffn));
    v >>= 8n;
  } while (!((v === 0n && bytes[bytes.length - 1] < 0x80) || (v === -1n && bytes[bytes.length - 1] >= 0x80)));
  return ops(0x8a, bytes.length, bytes); // LONG1
}

const glob = (module: string, name: string) => ops(`c${module}\n${name}\n`);
const tuple = (...items: Part[]) => ops(MARK, items, TUPLE);
const call = (fn: Part, ...args: Part[]) => ops(fn, tuple(...args), REDUCE);
const list = (items: Part[]) => ops(EMPTY_LIST, items.length ? [MARK, items, APPENDS] : []);
const dict = (entries: Array<[Part, Part]>) => ops(EMPTY_DICT, MARK, entries, SETITEMS);

/** numpy's dtype state; flags 63 mark an object dtype, as numpy writes it. */
const dtype = (spec: string, order: string) =>
  ops(call(glob('numpy', 'dtype'), str(spec), NEWFALSE, NEWTRUE), tuple(int(3), str(order), NONE, NONE, NONE, int(-1), int(-1), int(spec.startsWith('O') ? 63 : 0)), BUILD);

function objectArray(shape: number[], cells: Part[]): Buffer {
  const empty = call(glob('numpy.core.multiarray', '_reconstruct'), glob('numpy', 'ndarray'), tuple(int(0)), ops(0x43, 1, 'b'));
  return ops(empty, tuple(int(1), tuple(...shape.map(int)), dtype('O8', '|'), NEWFALSE, list(cells)), BUILD);
}

const frombuffer = (data: Uint8Array, spec: string, shape: Array<number | bigint>) =>
  call(glob('numpy.core.numeric', '_frombuffer'), ops(0x43, data.length, data), dtype(spec, '<'), tuple(...shape.map(int)), str('C'));

const newIndex = (cls: string, state: Array<[Part, Part]>) =>
  call(glob('pandas.core.indexes.base', '_new_Index'), glob(cls.replace(/\.\w+$/, ''), cls.split('.').pop()!), dict(state));

/**
 * A DataFrame laid out as pandas 2 pickles one (pandas 1.5 reads it back):
 * one object column "obj" whose cells are the given opcode snippets (each
 * pushing one value), a RangeIndex, and parts that a test may swap for
 * crafted ones. Uses no memo keys, so cells may.
 */
function frame(cells: Part[], parts: { label?: Part; indexName?: Part; rows?: number; block?: Part; placement?: Part } = {}): Buffer {
  const block = parts.block ?? objectArray([1, cells.length], cells);
  const placement = parts.placement ?? call(glob('builtins', 'slice'), int(0), int(1), int(1));
  const blocks = tuple(call(glob('pandas._libs.internals', '_unpickle_block'), block, placement, int(2)));
  const columns = newIndex('pandas.core.indexes.base.Index', [[str('data'), objectArray([1], [parts.label ?? str('obj')])], [str('name'), NONE]]);
  const rows = newIndex('pandas.core.indexes.range.RangeIndex', [[str('name'), parts.indexName ?? NONE], [str('start'), int(0)], [str('stop'), int(parts.rows ?? cells.length)], [str('step'), int(1)]]);
  const manager = call(glob('pandas.core.internals.managers', 'BlockManager'), blocks, list([columns, rows]));
  return dataFrame(manager);
}

function dataFrame(manager: Part): Buffer {
  const state = dict([
    [str('_mgr'), manager],
    [str('_typ'), str('dataframe')],
    [str('_metadata'), list([])],
    [str('attrs'), EMPTY_DICT],
    [str('_flags'), dict([[str('allows_duplicate_labels'), NEWTRUE]])],
  ]);
  return ops(proto(4), glob('pandas.core.frame', 'DataFrame'), EMPTY_TUPLE, NEWOBJ, state, BUILD, STOP);
}

/** A value nested `depth` lists deep, built with EMPTY_LIST/APPEND only (no MARKs). */
const deepList = (depth: number) => ops(new Uint8Array(depth).fill(EMPTY_LIST), new Uint8Array(depth - 1).fill(APPEND));
/** L0 = [], L(i) = [L(i-1), L(i-1)]: 2**levels leaves through the memo in a few hundred bytes. */
const sharedChain = (levels: number) =>
  ops(EMPTY_LIST, BINPUT, 0, Array.from({ length: levels }, (_, i) => [POP, EMPTY_LIST, BINGET, i, APPEND, BINGET, i, APPEND, BINPUT, i + 1]));
const selfContaining = ops(EMPTY_LIST, BINPUT, 0, BINGET, 0, APPEND);
/** An ndarray whose BUILD never came: numpy leaves it an empty int8 array. */
const unbuiltArray = call(glob('numpy.core.multiarray', '_reconstruct'), glob('numpy', 'ndarray'), tuple(int(0)), ops(0x43, 1, 'b'));

/**
 * Parses `data` expecting a PickleError that names the file and, if it has
 * one, an offset in it (the length itself when the file ends before an opcode).
 */
function refusal(data: Buffer, limits: Partial<PickleLimits> = {}, file = 'crafted.pkl'): PickleError {
  let error: unknown;
  try {
    parseDataFramePickle(data, file, limits);
  } catch (caught) {
    error = caught;
  }
  if (!(error instanceof PickleError)) throw new Error(`${file}: expected a PickleError, got ${error === undefined ? 'a table' : String(error)}`);
  expect(error.file).toBe(file);
  expect(error.message.startsWith(`${file}: `)).toBe(true);
  if (error.offset !== undefined) {
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(data.length);
  }
  return error;
}

const fixture = (version: string, name: string) => path.join(FIXTURE_ROOT, version, name);

beforeAll(() => rmSync(manifest.marker, { force: true }));
afterAll(() => {
  expect(existsSync(manifest.marker)).toBe(false);
  expect(existsSync(marker)).toBe(false);
  rmSync(scratch, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------

describe('pickles that run code in Python are refused, and nothing runs', () => {
  it('the generated set covers every protocol and the dangerous globals', () => {
    const globals = new Set(manifest.files.map((f) => f.first_global));
    for (const name of ['os.system', 'posix.system', 'nt.system', 'builtins.eval', '__builtin__.exec', 'builtins.getattr', 'builtins.__import__', 'subprocess.Popen', 'subprocess.check_output', 'pickle.loads', '_codecs.encode', 'copyreg._reconstructor', 'numpy.core.multiarray._reconstruct', 'pandas.core.indexes.base._new_Index']) {
      expect(globals).toContain(name);
    }
    expect(new Set(manifest.files.map((f) => f.protocol))).toEqual(new Set([0, 2, 4, 5]));
  });

  for (const entry of manifest.files) {
    it(`${entry.file}: refused, naming ${entry.expect.join(' and ')}`, async () => {
      const file = path.join(MALICIOUS, entry.file);
      const error = await readDataFramePickle(file).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(PickleError);
      expect((error as PickleError).file).toBe(file);
      expect((error as PickleError).message).toContain(file);
      for (const text of entry.expect) expect((error as PickleError).detail).toContain(text);
      expect((error as PickleError).offset).toBeLessThan(statSync(file).size);
      expect(existsSync(manifest.marker)).toBe(false);
    });
  }

  const touch = str(`touch ${marker}`);
  const crafted: Array<[string, Buffer, RegExp]> = [
    ['protocol 0 GLOBAL line, no PROTO', ops(glob('os', 'system'), MARK, `Vtouch ${marker}\n`, TUPLE, REDUCE, STOP), /refusing global os\.system\b/],
    ['INST naming os.system', ops(MARK, `Vtouch ${marker}\n`, `ios\nsystem\n`, STOP), /refusing global os\.system\b/],
    ['OBJ of os.system', ops(MARK, glob('os', 'system'), touch, 0x6f, STOP), /refusing global os\.system\b/],
    ['OBJ of an allowed function', ops(MARK, glob('builtins', 'slice'), int(1), 0x6f, STOP), /builtins\.slice cannot be instantiated/],
    ['OBJ with an empty MARK', ops(MARK, 0x6f, STOP), /NEWOBJ on a value that is not a known class/],
    ['STACK_GLOBAL of two ints', ops(proto(4), int(1), int(2), STACK_GLOBAL, STOP), /STACK_GLOBAL needs two strings/],
    ['STACK_GLOBAL of a tuple and a string', ops(proto(4), tuple(str('os')), str('system'), STACK_GLOBAL, STOP), /STACK_GLOBAL needs two strings/],
    ['STACK_GLOBAL through the memo, as Python writes it', ops(proto(4), str('subprocess'), MEMOIZE, str('Popen'), MEMOIZE, STACK_GLOBAL, list([str('touch'), str(marker)]), 0x85, REDUCE, STOP), /refusing global subprocess\.Popen\b/],
    ['NEWOBJ_EX of subprocess.Popen', ops(proto(4), str('subprocess'), str('Popen'), STACK_GLOBAL, tuple(list([str('touch'), str(marker)])), EMPTY_DICT, NEWOBJ_EX, STOP), /refusing global subprocess\.Popen\b/],
    ['NEWOBJ_EX with keyword arguments', ops(proto(4), glob('pandas.core.frame', 'DataFrame'), EMPTY_TUPLE, dict([[str('data'), touch]]), NEWOBJ_EX, STOP), /NEWOBJ_EX with keyword arguments/],
    ['NEWOBJ of os.system', ops(proto(2), glob('os', 'system'), tuple(touch), NEWOBJ, STOP), /refusing global os\.system\b/],
    ['copyreg.__newobj__ of subprocess.Popen', ops(proto(2), call(glob('copy_reg', '__newobj__'), glob('subprocess', 'Popen'), touch), STOP), /refusing global subprocess\.Popen\b/],
    ['REDUCE on a string', ops(proto(2), str('os.system'), tuple(touch), REDUCE, STOP), /REDUCE on a value that is not a known global/],
    ['BUILD on a class (sets class attributes in Python)', ops(proto(2), glob('numpy', 'ndarray'), dict([[str('__reduce__'), touch]]), BUILD, STOP), /BUILD on numpy\.ndarray, which takes no state/],
    ['BUILD on a dict', ops(proto(2), EMPTY_DICT, dict([[str('x'), touch]]), BUILD, STOP), /BUILD on a dict/],
    ['attribute chain in a GLOBAL name', ops(glob('builtins', 'slice.__init__.__globals__'), STOP), /refusing global builtins\.slice\.__init__\.__globals__/],
    ['GLOBAL __proto__.constructor', ops(glob('__proto__', 'constructor'), STOP), /refusing global __proto__\.constructor/],
    ['GLOBAL constructor.constructor', ops(glob('constructor', 'constructor'), STOP), /refusing global constructor\.constructor/],
    ['GLOBAL numpy.__proto__', ops(glob('numpy', '__proto__'), STOP), /refusing global numpy\.__proto__/],
    ['EXT1 (copyreg extension registry)', ops(proto(2), 0x82, 1, tuple(touch), REDUCE, STOP), /extension registry codes are not supported/],
    ['EXT2', ops(proto(2), 0x83, 1, 0, STOP), /extension registry codes are not supported/],
    ['EXT4', ops(proto(2), 0x84, 1, 0, 0, 0, STOP), /extension registry codes are not supported/],
    ['PERSID', ops('Pos.system\n', STOP), /persistent ids are not supported/],
    ['BINPERSID', ops(proto(2), touch, 0x51, STOP), /persistent ids are not supported/],
    ['NEXT_BUFFER (out-of-band data)', ops(proto(5), 0x97, 0x98, STOP), /out-of-band buffers/],
    ['protocol 6', ops(proto(6), NONE, STOP), /unsupported pickle protocol 6/],
    ['protocol 255', ops(proto(255), NONE, STOP), /unsupported pickle protocol 255/],
    ['protocol 0 STRING', ops(`S'touch ${marker}'\n`, STOP), /STRING opcodes are not supported/],
  ];
  for (const [name, data, message] of crafted) {
    it(`crafted: ${name}`, () => {
      expect(refusal(data).detail).toMatch(message);
      expect(existsSync(marker)).toBe(false);
    });
  }
});

describe('keys from the file never reach Object.prototype', () => {
  const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

  it('the wide fixture decodes {"__proto__": 1, "constructor": "x", "toString": None} to a Map', async () => {
    const table = await readDataFramePickle(fixture('pandas-2.3', 'wide.p4.pkl'));
    const cells = table.columns.find((c) => c.name === 'obj')!.values as unknown[];
    const dict = cells.find((cell) => cell instanceof Map) as Map<unknown, unknown>;
    expect([...dict.keys()]).toEqual(['__proto__', 'constructor', 'toString', 7]);
    expect(dict.get('__proto__')).toBe(1);
    expect(Object.getPrototypeOf(dict)).toBe(Map.prototype);
  });

  it('nested "__proto__" / "constructor" / "prototype" dicts stay data', () => {
    const polluting = dict([[str('polluted'), str('yes')]]);
    const cell = dict([
      [str('__proto__'), polluting],
      [str('constructor'), dict([[str('prototype'), polluting]])],
      [str('prototype'), polluting],
    ]);
    const table = parseDataFramePickle(frame([cell, ops(EMPTY_DICT, str('__proto__'), polluting, SETITEM)]), 'proto.pkl');
    const [first, second] = table.columns[0].values as Array<Map<string, unknown>>;
    expect([...first.keys()]).toEqual(['__proto__', 'constructor', 'prototype']);
    expect(first.get('__proto__')).toEqual(new Map([['polluted', 'yes']]));
    expect((first.get('constructor') as Map<string, unknown>).get('prototype')).toBeInstanceOf(Map);
    expect([...second.keys()]).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  });
});

describe('limits', () => {
  const real = [fixture('pandas-1.5', 'face_df.p2.pkl'), fixture('pandas-2.3', 'wide.p4.pkl'), fixture('pandas-3.0', 'srt_df.p5.pkl')];
  const lowered: Array<[keyof PickleLimits, number]> = [['maxFileBytes', 1000], ['maxMemoEntries', 10], ['maxDepth', 1], ['maxAllocBytes', 100]];

  for (const file of real) {
    for (const [limit, value] of lowered) {
      it(`${path.basename(path.dirname(file))}/${path.basename(file)} fails with ${limit}: ${value}, naming the limit`, async () => {
        await expect(readDataFramePickle(file)).resolves.toBeTruthy();
        const error = await readDataFramePickle(file, { [limit]: value }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(PickleError);
        expect((error as PickleError).file).toBe(file);
        expect((error as PickleError).detail).toContain(limit);
        expect((error as PickleError).detail).toContain(String(value));
      });
    }
  }

  it('parseDataFramePickle applies maxFileBytes to the buffer it is given', () => {
    expect(refusal(frame([int(1)]), { maxFileBytes: 10 }).detail).toMatch(/over the limit of 10 \(maxFileBytes\)/);
  });

  it('the frame builder makes a readable DataFrame (so the cases below fail for their own reason)', () => {
    const table = parseDataFramePickle(frame([int(1), str('two'), NONE]), 'ok.pkl');
    expect(table.rowCount).toBe(3);
    expect(table.columns).toEqual([{ name: 'obj', dtype: 'object', values: [1, 'two', null] }]);
    expect(Array.from(table.index.values)).toEqual([0, 1, 2]);
  });

  it('10,000 nested MARKs stop at maxDepth', () => {
    const error = refusal(ops(proto(2), new Uint8Array(10_000).fill(MARK), STOP));
    expect(error.detail).toMatch(/MARKs nested deeper than 200 \(maxDepth\)/);
    expect(error.offset).toBe(2 + 200);
  });

  it('a list that contains itself, in an object column', () => {
    expect(refusal(frame([int(1), selfContaining])).detail).toMatch(/column "obj" row 1 is nested deeper than 200 \(maxDepth\), or contains itself/);
  });

  it('a list nested 100,000 deep without MARKs, in an object column, as the index name and as a column label', () => {
    const deep = deepList(100_000);
    expect(refusal(frame([deep])).detail).toMatch(/column "obj" row 0 is nested deeper than 200/);
    expect(refusal(frame([int(1)], { indexName: deep })).detail).toMatch(/the index name is nested deeper than 200/);
    expect(refusal(frame([int(1)], { label: deep })).detail).toMatch(/the column labels entry 0 is nested deeper than 200/);
  });

  // The walk is bounded by a visit budget (a million, and 64 a row), not by the 2**200 leaves.
  it('2**200 shared leaves through the memo stop after the visit budget', () => {
    expect(refusal(frame([sharedChain(200)])).detail).toMatch(/column "obj" row 0 holds more nested values than any DataFrame cell should \(stopped after 1000064 visits\)/);
    expect(refusal(frame([int(1)], { indexName: sharedChain(200) })).detail).toMatch(/the index name holds more nested values .*\(stopped after 1000064 visits\)/);
    expect(refusal(frame([int(1)], { label: sharedChain(200) })).detail).toMatch(/the column labels entry 0 holds more nested values .*\(stopped after 1000064 visits\)/);
  });

  // With almost no allocation allowed, the claimed length is still refused as a truncation: it is checked before anything is charged.
  it('BINBYTES8 / BINUNICODE8 / BYTEARRAY8 claiming 2**62 bytes are truncated, not allocated', () => {
    for (const op of [0x8e, 0x8d, 0x96]) {
      expect(refusal(ops(proto(5), op, u64(2n ** 62n), 'tiny', STOP), { maxAllocBytes: 16 }).detail).toMatch(/truncated file: length 4611686018427387904 runs past the end/);
    }
  });

  it('ndarray shapes far beyond their data', () => {
    const eight = new Uint8Array(8);
    expect(refusal(ops(proto(4), frombuffer(eight, 'f8', [2n ** 40n, 2n ** 40n]), STOP)).detail).toMatch(/ndarray shape 1099511627776x1099511627776 is too large/);
    expect(refusal(ops(proto(4), frombuffer(eight, 'f8', [2 ** 26, 2 ** 26]), STOP)).detail).toMatch(/ndarray of 4503599627370496 x 8-byte float64 needs \d+ bytes, got 8/);
    expect(refusal(ops(proto(4), objectArray([2 ** 40, 2 ** 40], [NONE]), STOP)).detail).toMatch(/too large/);
    // zero-width items cost no bytes in the file, but decoding them would
    expect(refusal(ops(proto(4), frombuffer(new Uint8Array(0), 'U0', [2 ** 40]), STOP)).detail).toMatch(/maxAllocBytes/);
    // an empty block claiming 2**40 columns
    expect(refusal(frame([], { block: frombuffer(new Uint8Array(0), 'f8', [2 ** 40, 0]) })).detail).toMatch(/the blocks hold 1099511627776 columns, but the frame has 1/);
  });

  it('a zero-row frame claiming a huge RangeIndex of columns is charged against maxAllocBytes', () => {
    const columns = newIndex('pandas.core.indexes.range.RangeIndex', [[str('name'), NONE], [str('start'), int(0)], [str('stop'), int(900_000_000)], [str('step'), int(1)]]);
    const rows = newIndex('pandas.core.indexes.range.RangeIndex', [[str('name'), NONE], [str('start'), int(0)], [str('stop'), int(0)], [str('step'), int(1)]]);
    const block = call(glob('pandas._libs.internals', '_unpickle_block'), frombuffer(new Uint8Array(0), 'f8', [900_000_000, 0]), call(glob('builtins', 'slice'), int(0), int(900_000_000), int(1)), int(2));
    const manager = call(glob('pandas.core.internals.managers', 'BlockManager'), tuple(block), list([columns, rows]));
    expect(refusal(dataFrame(manager), { maxAllocBytes: 64 * 1024 ** 2 }).detail).toMatch(/allocation limit of 67108864 bytes exceeded \(maxAllocBytes\)/);
  });

  it('GET of a memo key never stored, and stack underflows', () => {
    expect(refusal(ops(proto(2), BINGET, 7, STOP)).detail).toMatch(/memo key 7 was never stored/);
    expect(refusal(ops(proto(2), STOP)).detail).toMatch(/stack underflow/);
    expect(refusal(ops(proto(2), NONE, APPEND, STOP)).detail).toMatch(/stack underflow/);
    expect(refusal(ops(proto(2), NONE, 0x87, STOP)).detail).toMatch(/stack underflow/);
    expect(refusal(ops(proto(2), APPENDS, STOP)).detail).toMatch(/no MARK on the stack/);
  });

  for (const [version, name] of [['pandas-2.3', 'sentence_df.p2.pkl'], ['pandas-3.0', 'srt_df.p5.pkl']]) {
    it(`${version}/${name} cut at every byte offset fails with a PickleError inside the cut file`, () => {
      const data = readFileSync(fixture(version, name));
      for (let cut = 0; cut < data.length; cut++) refusal(data.subarray(0, cut), {}, `${name}[0:${cut}]`);
    });
  }
});

describe('half-built and contradictory objects from broken files', () => {
  it('an ndarray that never got its state is an empty int8 array, as in numpy', () => {
    const table = parseDataFramePickle(frame([], { block: unbuiltArray }), 'unbuilt.pkl');
    expect(table.columns).toEqual([{ name: 'obj', dtype: 'int8', values: new Int8Array(0) }]);
    expect(refusal(frame([int(1)], { block: unbuiltArray })).detail).toBe('a int8 block has shape (0), but the frame has 1 rows');
    const cell = parseDataFramePickle(frame([unbuiltArray]), 'cell.pkl').columns[0].values as unknown[];
    expect((cell[0] as { shape: number[] }).shape).toEqual([0]);
  });

  it('an ndarray given its state twice keeps only the second', () => {
    const twice = ops(objectArray([1, 1], [int(5)]), tuple(int(1), tuple(int(1), int(1)), dtype('i1', '|'), NEWFALSE, ops(0x43, 1, 7)), BUILD);
    expect(parseDataFramePickle(frame([int(5)], { block: twice }), 'twice.pkl').columns[0].values).toEqual(Int8Array.of(7));
  });

  it('a DataFrame or BlockManager without its state', () => {
    expect(refusal(ops(proto(4), glob('pandas.core.frame', 'DataFrame'), EMPTY_TUPLE, NEWOBJ, STOP)).detail).toBe('the pickle does not hold a pandas DataFrame');
    expect(refusal(dataFrame(ops(glob('pandas.core.internals.managers', 'BlockManager'), EMPTY_TUPLE, NEWOBJ))).detail).toBe('BlockManager needs two axes (columns, index)');
  });

  it('a block placement that is not integer positions is never stringified', () => {
    for (const cell of [deepList(100_000), sharedChain(200)]) {
      expect(refusal(frame([int(1)], { placement: objectArray([1], [cell]) })).detail).toBe('block placement must hold integer positions, not object');
    }
  });

  // Materializing the index would charge 7.2 GB against maxAllocBytes; 1 KiB is all it may use before the check.
  it('a RangeIndex claiming 900 million rows is checked against the blocks before it is materialized', () => {
    expect(refusal(frame([int(1)], { rows: 900_000_000 }), { maxAllocBytes: 1024 }).detail).toBe('a object block has shape (1x1), but the frame has 900000000 rows');
  });

  it('a \\U escape beyond U+10FFFF in a protocol 0 string', () => {
    expect(refusal(ops('V\\U7fffffff\n', STOP)).detail).toMatch(/beyond U\+10FFFF/);
  });

  it('a dtype state with a fractional item size', () => {
    const odd = ops(call(glob('numpy', 'dtype'), str('U1'), NEWFALSE, NEWTRUE), tuple(int(3), str('<'), NONE, NONE, NONE, ops(0x47, Buffer.from('4004000000000000', 'hex')), int(-1), int(8)), BUILD);
    const text = call(glob('numpy.core.numeric', '_frombuffer'), ops(0x43, 5, Buffer.from('abcde')), odd, tuple(int(2)), str('C'));
    expect(refusal(ops(proto(4), text, STOP)).detail).toBe('ndarray of 2 x 4-byte <U1 needs 8 bytes, got 5');
  });
});

describe('error messages', () => {
  it('an unknown opcode names its hex code and byte offset', () => {
    const error = refusal(ops(proto(2), NONE, 0xff, STOP), {}, 'odd.pkl');
    expect(error.message).toBe('odd.pkl: unknown opcode 0xff (at byte 3)');
    expect(error.offset).toBe(3);
    expect(refusal(ops(proto(2), 0x00)).detail).toBe('unknown opcode 0x00');
  });

  it('a missing file and a directory are PickleErrors naming the path', async () => {
    const missing = path.join(scratch, 'no-such-film', 'face_df.pkl');
    await expect(readDataFramePickle(missing)).rejects.toThrow(new PickleError(missing, 'cannot read: ENOENT'));
    await expect(readDataFramePickle(scratch)).rejects.toThrow(new PickleError(scratch, 'cannot read: EISDIR'));
  });

  it('a pickle that is not a DataFrame says so', () => {
    // pickle.dumps([1, "two", 3.0], protocol=4) and pickle.dumps({"a": [1, 2]}, protocol=2)
    const pythonList = Buffer.from('80049516000000000000005d94284b018c0374776f9447400800000000000065 2e'.replace(/ /g, ''), 'hex');
    const pythonDict = Buffer.from('80027d710058010000006171015d7102284b014b0265732e', 'hex');
    expect(refusal(pythonList, {}, 'list.pkl').message).toBe('list.pkl: the pickle does not hold a pandas DataFrame');
    expect(refusal(pythonDict, {}, 'dict.pkl').message).toBe('dict.pkl: the pickle does not hold a pandas DataFrame');
  });

  it('an empty file', () => {
    expect(refusal(Buffer.alloc(0)).detail).toBe('empty file');
  });
});
