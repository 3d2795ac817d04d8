/**
 * Mutation fuzzing of the pickle reader: real pandas pickles with flipped,
 * overwritten, cut, deleted, duplicated and foreign bytes must always give a
 * consistent table or a PickleError naming the file; never another error, a
 * hang or a runaway heap.
 *
 * The seed is fixed so CI replays the same cases. To explore further:
 *   PICKLE_FUZZ_SEED=123 PICKLE_FUZZ_RUNS=20000 npx vitest run tests/unit/pickle/fuzz.test.ts
 * A failure prints fast-check's seed, path and shrunk counterexample.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NDArray, PickleError, type PickleLimits, parseDataFramePickle } from '@/lib/pickle';
import { FIXTURE_ROOT } from '../../helpers/pickle-truth';

const SEED = Number(process.env.PICKLE_FUZZ_SEED ?? 20_250_611);
const RUNS = Number(process.env.PICKLE_FUZZ_RUNS ?? 1500);
const MAX_HEAP_GROWTH = 1024 ** 3;
/**
 * Defaults, except the allocation budget: a mutated zero-row or zero-column
 * frame may claim a RangeIndex of up to 1e9 entries, which the default 8 GiB
 * budget would let the reader materialize. The fuzz checks that the budget
 * holds, not how much memory this machine has.
 */
const LIMITS: Partial<PickleLimits> = { maxAllocBytes: 256 * 1024 ** 2 };

/** Several frames from each pandas version, at protocols 2, 4 and 5. */
const FIXTURES = [
  'pandas-1.5/srt_df.p2.pkl', 'pandas-1.5/wide.p5.pkl', 'pandas-1.5/empty_typed.p4.pkl', 'pandas-1.5/fortran.p2.pkl',
  'pandas-2.3/sentence_df.p4.pkl', 'pandas-2.3/vision_df.p5.pkl', 'pandas-2.3/wide.p2.pkl', 'pandas-2.3/c_order.p5.pkl', 'pandas-2.3/face_df.p4.pkl',
  'pandas-3.0/subtitle_df.p5.pkl', 'pandas-3.0/srt_df.p4.pkl', 'pandas-3.0/wide.p4.pkl', 'pandas-3.0/empty.p2.pkl',
].map((name) => ({ name, data: readFileSync(path.join(FIXTURE_ROOT, name)) }));

/** Bytes that mean something to the reader: opcodes, and ends of ranges. */
const OPCODES = [
  0x28, 0x2e, 0x30, 0x31, 0x32, 0x4e, 0x88, 0x89, 0x4b, 0x4d, 0x4a, 0x8a, 0x8b, 0x47, 0x8c, 0x58, 0x8d, 0x43, 0x42, 0x8e, 0x96,
  0x29, 0x85, 0x86, 0x87, 0x74, 0x5d, 0x6c, 0x61, 0x65, 0x7d, 0x64, 0x73, 0x75, 0x8f, 0x90, 0x91, 0x94, 0x71, 0x72, 0x68, 0x6a,
  0x63, 0x93, 0x52, 0x81, 0x92, 0x62, 0x0a, 0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff,
];

/**
 * Bytes that build the object graph. Overwriting or dropping one of them
 * (found by value, so sometimes inside data) breaks structure far more often
 * than a random byte, most of which sit in array data.
 */
const STRUCTURAL = new Set([0x28, 0x29, 0x5d, 0x7d, 0x85, 0x86, 0x87, 0x74, 0x61, 0x65, 0x73, 0x75, 0x52, 0x62, 0x81, 0x93, 0x94, 0x71, 0x68, 0x4e]);

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'opcode'; at: number; value: number | null }
  | { kind: 'set'; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'splice'; at: number; source: number; from: number; length: number; replace: boolean };

const position = fc.nat({ max: 2 ** 31 - 1 });
const span = fc.integer({ min: 1, max: 64 });
const flip = fc.record({ kind: fc.constant('flip' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) });
const set = fc.record({ kind: fc.constant('set' as const), at: position, value: fc.oneof(fc.constantFrom(...OPCODES), fc.integer({ min: 0, max: 255 })) });
const opcode = fc.record({ kind: fc.constant('opcode' as const), at: position, value: fc.option(fc.constantFrom(...OPCODES), { nil: null }) });
const truncate = fc.record({ kind: fc.constant('truncate' as const), at: position });
const remove = fc.record({ kind: fc.constant('delete' as const), at: position, length: span });
const duplicate = fc.record({ kind: fc.constant('duplicate' as const), at: position, length: span, to: position });
const splice = fc.record({
  kind: fc.constant('splice' as const),
  source: fc.nat({ max: FIXTURES.length - 1 }),
  from: position,
  length: fc.integer({ min: 1, max: 256 }),
  at: position,
  replace: fc.boolean(),
});

function mutate(original: Buffer, mutations: Mutation[]): Buffer {
  let data = Buffer.from(original);
  for (const m of mutations) {
    if (data.length === 0) break;
    const at = m.at % data.length;
    switch (m.kind) {
      case 'flip':
        data[at] ^= 1 << m.bit;
        break;
      case 'set':
        data[at] = m.value;
        break;
      case 'opcode': {
        const found = data.findIndex((byte, i) => i >= at && STRUCTURAL.has(byte));
        if (found < 0) break;
        if (m.value === null) data = Buffer.concat([data.subarray(0, found), data.subarray(found + 1)]);
        else data[found] = m.value;
        break;
      }
      case 'truncate':
        data = data.subarray(0, at);
        break;
      case 'delete':
        data = Buffer.concat([data.subarray(0, at), data.subarray(at + m.length)]);
        break;
      case 'duplicate': {
        const to = m.to % data.length;
        data = Buffer.concat([data.subarray(0, to), data.subarray(at, at + m.length), data.subarray(to)]);
        break;
      }
      case 'splice': {
        const source = FIXTURES[m.source].data;
        const from = m.from % source.length;
        const piece = source.subarray(from, from + m.length);
        data = Buffer.concat([data.subarray(0, at), piece, data.subarray(m.replace ? at + piece.length : at)]);
        break;
      }
    }
  }
  return data;
}

/** What a naive consumer does with object cells: walk them. A table the reader returns must allow it. */
function walk(value: unknown, depth: number, budget: { left: number }): void {
  if (--budget.left < 0) throw new Error('a returned cell holds more values than the reader should let through');
  if (depth > 202) throw new Error('a returned cell is nested deeper than maxDepth');
  if (Array.isArray(value)) for (const item of value) walk(item, depth + 1, budget);
  else if (value instanceof Map || value instanceof Set) for (const entry of value) walk(entry, depth + 1, budget);
  else if (value instanceof NDArray && value.dtype.kind === 'O') walk(value.data, depth + 1, budget);
}

const baseline = process.memoryUsage().heapUsed;

/** One case: a table that holds together, or a PickleError naming the file, in bounded heap (a hang fails by the test's timeout). */
function readsOrRefuses(fixture: number, mutations: Mutation[]): void {
  const { name, data: original } = FIXTURES[fixture];
  const data = mutate(original, mutations);
  const file = `fuzz/${name}`;
  try {
    const table = parseDataFramePickle(data, file, LIMITS);
    expect(table.index.values.length).toBe(table.rowCount);
    const budget = { left: 4_000_000 };
    for (const column of table.columns) {
      expect(column.values.length).toBe(table.rowCount);
      if (Array.isArray(column.values)) walk(column.values, 0, budget);
    }
    if (Array.isArray(table.index.values)) walk(table.index.values, 0, budget);
  } catch (error) {
    if (!(error instanceof PickleError)) throw error;
    expect(error.file).toBe(file);
    if (error.offset !== undefined) expect(error.offset).toBeLessThanOrEqual(data.length);
  }
  const growth = process.memoryUsage().heapUsed - baseline;
  if (growth > MAX_HEAP_GROWTH) throw new Error(`${file}: heap grew by ${Math.round(growth / 1024 ** 2)} MiB`);
}

function fuzz(mutation: fc.Arbitrary<Mutation>, seedOffset: number, runs = RUNS): void {
  const seed = SEED + seedOffset;
  const property = fc.property(fc.nat({ max: FIXTURES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), readsOrRefuses);
  try {
    fc.assert(property, { seed, numRuns: runs });
  } catch (error) {
    console.error(`pickle fuzz failed with seed ${seed} (PICKLE_FUZZ_SEED=${SEED})`);
    throw error;
  }
}

describe('mutated real pickles read as a table or fail with a PickleError', () => {
  it('unmutated fixtures read', () => {
    for (let i = 0; i < FIXTURES.length; i++) readsOrRefuses(i, []);
    for (const { name, data } of FIXTURES) expect(parseDataFramePickle(data, name).rowCount).toBeGreaterThanOrEqual(0);
  });

  it('flipped and overwritten bytes', () => fuzz(fc.oneof(flip, set), 1));
  it('overwritten and dropped opcodes', () => fuzz(opcode, 5));
  it('cuts, deletions and duplicated ranges', () => fuzz(fc.oneof(truncate, remove, duplicate), 2));
  it('bytes spliced in from other fixtures', () => fuzz(splice, 3));
  it('all of them together', () => fuzz(fc.oneof(flip, set, opcode, truncate, remove, duplicate, splice), 4, 2 * RUNS));
});
