/**
 * Like Datasette's test_docs.py: the Query API documentation fails the build
 * when an operator, reserved parameter or column is added without it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FRAME_COLUMN_NAMES, FRAME_COLUMNS } from '@/lib/db/columns';
import { QueryError } from '@/lib/errors';
import { buildWhere, OPERATORS } from '@/lib/query/filters';
import { RESERVED_PARAMS } from '@/lib/query/filters';

const doc = readFileSync(new URL('../../../docs/query-api.md', import.meta.url), 'utf8');

describe('docs/query-api.md', () => {
  it.each(OPERATORS.map((op) => op.key))('documents the __%s operator with its SQL', (key) => {
    const op = OPERATORS.find((o) => o.key === key)!;
    const row = doc.split('\n').find((line) => line.startsWith(`| \`col__${key}=`) || line.includes(`, \`col__${key}=`));
    expect(row, `no table row for col__${key}`).toBeDefined();
    const sql = op.sql.replaceAll('{c}', 'col').replace('{?}', op.argument === 'list' ? '?, ?, ?' : '?');
    expect(row).toContain(`\`${sql}\``);
  });

  it.each([...RESERVED_PARAMS])('documents %s', (param) => {
    expect(doc).toMatch(new RegExp(`^\\| \`${param}=`, 'm'));
  });

  it('lists every column with its type, in table order', () => {
    const rows = [...doc.matchAll(/^\| `(\w+)` \| (integer|real|text) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(FRAME_COLUMN_NAMES.map((name) => [name, FRAME_COLUMNS[name].type]));
  });

  it('shows an error message the code really produces', () => {
    const shown = /^\{"error": "(.*)", "param": "(.*)"\}$/m.exec(doc);
    expect(shown).not.toBeNull();
    let error: QueryError | undefined;
    try {
      buildWhere(new URLSearchParams('faces_found__gt=abc'));
    } catch (e) {
      error = e as QueryError;
    }
    expect(JSON.parse(`"${shown![1]}"`)).toBe(error?.message);
    expect(shown![2]).toBe(error?.param);
  });
});
