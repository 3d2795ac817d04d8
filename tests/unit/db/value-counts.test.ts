/**
 * value_counts against SQLite's own GROUP BY on a real database file: the
 * same counts for every kind of value, and a ranking in SQLite's order.
 */
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DB } from '@/lib/db/connection';
import { compareSqlValues, parseValueCounts, type CountedValue } from '@/lib/db/value-counts';

let dir: string;
let db: DB;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stillroom-value-counts-'));
  db = openDatabase(path.join(dir, 'counts.db'));
  db.exec('CREATE TABLE t (v ANY) STRICT');
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function load(values: CountedValue[]): void {
  db.transaction(() => {
    db.exec('DELETE FROM t');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (const value of values) insert.run(value);
  }).immediate();
}

const counted = () => parseValueCounts(db.prepare('SELECT value_counts(v) FROM t').pluck().get() as string | null);
const grouped = () => db.prepare('SELECT v, count(*) FROM t GROUP BY v ORDER BY v').raw().all() as Array<[CountedValue, number]>;
const sorted = (pairs: Array<[CountedValue, number]>) => [...pairs].sort(([a], [b]) => compareSqlValues(a, b));

const sqlValue = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, -2.25, Infinity, -Infinity, 1e300),
  fc.constantFrom('happy', 'Happy', 'sad', '', 'é', 'z', '\u{1F600}', '\uFFFD', '10', '9'),
);

describe('value_counts', () => {
  it('counts what GROUP BY counts, in any mix of NULL, integers, reals, +-Inf and text', () => {
    fc.assert(
      fc.property(fc.array(sqlValue, { maxLength: 60 }), (values) => {
        load(values);
        expect(sorted(counted())).toEqual(grouped());
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('keeps +Inf apart from NULL, and 1 apart from "1"', () => {
    load([Infinity, null, null, 1, '1', '1', -Infinity]);
    expect(sorted(counted())).toEqual([
      [null, 2],
      [-Infinity, 1],
      [1, 1],
      [Infinity, 1],
      ['1', 2],
    ]);
  });

  it('answers nothing over no rows, and counts a filtered subset', () => {
    load([]);
    expect(counted()).toEqual([]);
    load(['a', 'b', 'a', null]);
    const json = db.prepare("SELECT value_counts(v) FROM t WHERE v IS NOT 'b'").pluck().get() as string;
    expect(sorted(parseValueCounts(json))).toEqual([
      [null, 1],
      ['a', 2],
    ]);
  });

  it('orders text by UTF-8 bytes, as SQLite does, not by UTF-16 units', () => {
    const texts = ['\uFFFD', '\u{1F600}', 'a', 'B', ''];
    load(texts);
    const bySqlite = db.prepare('SELECT v FROM t ORDER BY v').pluck().all();
    expect([...texts].sort(compareSqlValues)).toEqual(bySqlite);
  });

  it('refuses blobs with a clear error', () => {
    db.exec("DELETE FROM t; INSERT INTO t (v) VALUES (x'00ff')");
    expect(() => db.prepare('SELECT value_counts(v) FROM t').get()).toThrow(/value_counts: counts text, numbers and NULL, not blobs/);
  });
});
