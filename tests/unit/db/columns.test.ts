/**
 * The column tables of lib/db/columns.ts, which the row types are derived
 * from, against the schema the migrations build in a real database file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_COLUMNS, FRAME_COLUMNS, SUBTITLE_COLUMNS } from '@/lib/db/columns';
import { openDatabase, type DB } from '@/lib/db/connection';

let dir: string;
let db: DB;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'stillroom-columns-'));
  db = openDatabase(path.join(dir, 'library.db'));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const TABLES: Array<[string, Record<string, { type: string; nullable: boolean }>]> = [
  ['frames', FRAME_COLUMNS],
  ['faces', FACE_COLUMNS],
  ['subtitles', SUBTITLE_COLUMNS],
];

describe('column tables', () => {
  it.each(TABLES)('%s: every column of the migrations, in order, with its type and NOT NULL', (table, columns) => {
    const schema = db.prepare('SELECT name, type, "notnull" FROM pragma_table_info(?) ORDER BY cid').all(table);
    expect(schema.length).toBeGreaterThan(0);
    expect(schema).toEqual(Object.entries(columns).map(([name, spec]) => ({ name, type: spec.type.toUpperCase(), notnull: spec.nullable ? 0 : 1 })));
  });
});
