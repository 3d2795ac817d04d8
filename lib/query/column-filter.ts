/**
 * Column filters (Datasette's table-filter syntax: `col__op=value`) as data:
 * each operator is one entry holding its SQL template, its English template
 * and its test over a dictionary-coded column (lib/columnar), so the sentence
 * shown to the user, the SQL and the in-memory answer come from one entry.
 */
import { lowerBound, type EncodedColumn } from '@/lib/columnar/frame-columns';
import { maskFromCodes } from '@/lib/columnar/masks';
import { columnType, frameColumn, FRAME_COLUMN_NAMES, quoted, type FrameColumn } from '@/lib/db/columns';
import { framesOnlyKey, type Condition } from './condition';
import { QueryError } from '@/lib/errors';

/**
 * How an operator reads its URL value: one typed value, a comma-separated
 * list of typed values, a literal substring, or the flag `1`.
 */
type Argument = 'value' | 'list' | 'substring' | 'flag';

type Value = string | number;

export interface Operator {
  key: string;
  /** Short label for a UI picker. */
  display: string;
  /** `{c}` is the quoted column, `{?}` one `?` per bound value. */
  sql: string;
  /** `{c}` is the column name, `{v}` the value as bound. */
  human: string;
  argument: Argument;
  textOnly: boolean;
  /**
   * The codes of a dictionary-coded column that pass, one byte per value and
   * a last one for NULL: the same test as `sql`. The values are sorted in
   * SQLite's order, so a comparison is a binary search and a fill.
   */
  codes(column: EncodedColumn, args: Value[]): Uint8Array;
}

function table(column: EncodedColumn): Uint8Array {
  return new Uint8Array(column.values.length + 1);
}

/** The code of `value` in the column, or -1 when no row has it. */
function codeOf(column: EncodedColumn, value: Value): number {
  const at = lowerBound(column.values, value);
  return at < column.values.length && column.values[at] === value ? at : -1;
}

function range(column: EncodedColumn, from: number, to: number): Uint8Array {
  const lut = table(column);
  if (to > from) lut.fill(1, from, to);
  return lut;
}

function points(column: EncodedColumn, values: Value[], pass: 0 | 1, nullPasses: 0 | 1): Uint8Array {
  const lut = table(column).fill(pass ^ 1);
  lut[column.values.length] = nullPasses;
  for (const value of values) {
    const code = codeOf(column, value);
    if (code >= 0) lut[code] = pass;
  }
  return lut;
}

/** SQLite's LIKE without wildcards in the text: case folds for ASCII letters only. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
}

export const OPERATORS = [
  { key: 'exact', display: '=', sql: '{c} = {?}', human: '{c} = {v}', argument: 'value', textOnly: false, codes: (c, [v]) => points(c, [v], 1, 0) },
  // IS NOT rather than != so NULLs match: `col__not=v` is exactly the rows `col=v` leaves out.
  { key: 'not', display: 'is not', sql: '{c} IS NOT {?}', human: '{c} is not {v}', argument: 'value', textOnly: false, codes: (c, [v]) => points(c, [v], 0, 1) },
  { key: 'gt', display: '>', sql: '{c} > {?}', human: '{c} > {v}', argument: 'value', textOnly: false, codes: (c, [v]) => range(c, lowerBound(c.values, v, true), c.values.length) },
  { key: 'gte', display: '≥', sql: '{c} >= {?}', human: '{c} >= {v}', argument: 'value', textOnly: false, codes: (c, [v]) => range(c, lowerBound(c.values, v), c.values.length) },
  { key: 'lt', display: '<', sql: '{c} < {?}', human: '{c} < {v}', argument: 'value', textOnly: false, codes: (c, [v]) => range(c, 0, lowerBound(c.values, v)) },
  { key: 'lte', display: '≤', sql: '{c} <= {?}', human: '{c} <= {v}', argument: 'value', textOnly: false, codes: (c, [v]) => range(c, 0, lowerBound(c.values, v, true)) },
  { key: 'in', display: 'in', sql: '{c} IN ({?})', human: '{c} in {v}', argument: 'list', textOnly: false, codes: (c, vs) => points(c, vs, 1, 0) },
  // Repeated filters are ANDed, so "these values or none" (a facet's values with its NULL bucket) needs an operator of its own.
  {
    key: 'in_or_null',
    display: 'in, or null',
    sql: '({c} IN ({?}) OR {c} IS NULL)',
    human: '{c} in {v} or is null',
    argument: 'list',
    textOnly: false,
    codes: (c, vs) => points(c, vs, 1, 1),
  },
  {
    key: 'contains',
    display: 'contains',
    sql: "{c} LIKE {?} ESCAPE '\\'",
    human: '{c} contains {v}',
    argument: 'substring',
    textOnly: true,
    codes: (c, [text]) => {
      const needle = asciiLower(String(text));
      const lut = table(c);
      (c.values as string[]).forEach((value, code) => (lut[code] = asciiLower(value).includes(needle) ? 1 : 0));
      return lut;
    },
  },
  { key: 'isnull', display: 'is null', sql: '{c} IS NULL', human: '{c} is null', argument: 'flag', textOnly: false, codes: (c) => range(c, c.values.length, c.values.length + 1) },
  { key: 'notnull', display: 'is not null', sql: '{c} IS NOT NULL', human: '{c} is not null', argument: 'flag', textOnly: false, codes: (c) => range(c, 0, c.values.length) },
] as const satisfies readonly Operator[];

export type OperatorKey = (typeof OPERATORS)[number]['key'];

const OPERATOR_KEYS = OPERATORS.map((op) => op.key).join(', ');

const BY_KEY = new Map<string, Operator>(OPERATORS.map((op) => [op.key, op]));

function coerce(param: string, column: FrameColumn, raw: string): Value {
  const type = columnType(column);
  if (type === 'text') return raw;
  const text = raw.trim();
  if (type === 'integer') {
    const n = /^[-+]?\d+$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(n)) {
      throw new QueryError(param, `${column} is an integer column; expected an integer, got ${JSON.stringify(raw)}`);
    }
    return n;
  }
  const n = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(n)) {
    throw new QueryError(param, `${column} is a real column; expected a number, got ${JSON.stringify(raw)}`);
  }
  return n;
}

function show(value: Value): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function showList(values: Value[]): string {
  return `[${values.map(show).join(', ')}]`;
}

/** `%`, `_` and `\` escaped, so LIKE matches the text literally. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/**
 * The one place an operator's templates are filled: SQL, English and the
 * columnar test from the same values. `args` are what the test compares
 * (the substring itself, where SQL binds its LIKE pattern). Replacer
 * functions, because a user's `$&` in a string replacement would be read as
 * a pattern.
 */
function render(op: Operator, column: FrameColumn, bound: Value[], shown: string, args: Value[] = bound): Condition {
  const sql = op.sql.replaceAll('{c}', () => quoted(column)).replace('{?}', () => bound.map(() => '?').join(', '));
  return {
    sql,
    params: bound,
    description: op.human.replace('{c}', () => column).replace('{v}', () => shown),
    mask: ({ frames }) => maskFromCodes(frames.columns[column], op.codes(frames.columns[column], args)),
    cacheKey: framesOnlyKey(sql, bound),
  };
}

function parseArgument(op: Operator, param: string, column: FrameColumn, raw: string): Condition {
  if (op.textOnly && columnType(column) !== 'text') {
    throw new QueryError(param, `${op.key} works on text columns only; ${column} is ${columnType(column)}`);
  }
  switch (op.argument) {
    case 'value': {
      const value = coerce(param, column, raw);
      return render(op, column, [value], show(value));
    }
    case 'list': {
      if (raw === '') throw new QueryError(param, `needs one or more comma-separated values, e.g. ${param}=1,2`);
      const values = raw.split(',').map((item) => {
        if (item === '') throw new QueryError(param, `has an empty value in the list ${JSON.stringify(raw)}`);
        return coerce(param, column, item);
      });
      return render(op, column, values, showList(values));
    }
    case 'substring':
      return render(op, column, [likePattern(raw)], JSON.stringify(raw), [raw]);
    case 'flag':
      if (raw !== '1') throw new QueryError(param, `must be 1, got ${JSON.stringify(raw)}`);
      return render(op, column, [], '');
  }
}

/** `col__op=value` (or `col=value`, the exact operator) as one condition. */
export function columnCondition(param: string, raw: string): Condition {
  const split = param.lastIndexOf('__');
  const name = split > 0 ? param.slice(0, split) : param;
  const key = split > 0 ? param.slice(split + 2) : 'exact';
  const column = frameColumn(name);
  if (!column) {
    throw new QueryError(param, `unknown column ${JSON.stringify(name)}; columns are ${FRAME_COLUMN_NAMES.join(', ')}`);
  }
  const op = BY_KEY.get(key);
  if (!op) throw new QueryError(param, `unknown operator ${JSON.stringify(key)}; operators are ${OPERATOR_KEYS}`);
  return parseArgument(op, param, column, raw);
}

/** Repeated `film=` means any of those films (the other columns AND repeated filters, as Datasette does). */
export function filmCondition(films: string[]): Condition {
  if (films.length === 1) return render(BY_KEY.get('exact')!, 'film', films, show(films[0]));
  return render(BY_KEY.get('in')!, 'film', films, showList(films));
}
