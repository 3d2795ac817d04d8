/**
 * URL filters (Datasette's table-filter syntax) as data: each operator is one
 * registry entry holding its SQL template and its English template, so the
 * "where ..." sentence shown to the user is built from the same entry as the
 * SQL and cannot disagree with it. Pure: no I/O.
 */
import { columnType, frameColumn, FRAME_COLUMN_NAMES, quoted, type FrameColumn } from './columns';
import { QueryError } from './errors';
import { CHARACTER_PARAM, characterClause } from './character-filter';
import { colourClause } from './colour-filter';
import { dupesClause } from './dupes-filter';
import { faceLikeClause } from './face-filter';
import { paletteClause } from './palette-filter';
import { searchClause } from './search-filter';
import { DISPLAY_PARAMS, RESERVED_PARAMS } from './page';
import { MARK_PARAM, resolveSelection, selectionClause, SELECTION_FILTER_PARAMS, type SelectionFilterParam, type WhereContext } from './selection-filter';

/**
 * How an operator reads its URL value: one typed value, a comma-separated
 * list of typed values, a literal substring, or the flag `1`.
 */
type Argument = 'value' | 'list' | 'substring' | 'flag';

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
}

export const OPERATORS = [
  { key: 'exact', display: '=', sql: '{c} = {?}', human: '{c} = {v}', argument: 'value', textOnly: false },
  // IS NOT rather than != so NULLs match: `col__not=v` is exactly the rows `col=v` leaves out.
  { key: 'not', display: 'is not', sql: '{c} IS NOT {?}', human: '{c} is not {v}', argument: 'value', textOnly: false },
  { key: 'gt', display: '>', sql: '{c} > {?}', human: '{c} > {v}', argument: 'value', textOnly: false },
  { key: 'gte', display: '≥', sql: '{c} >= {?}', human: '{c} >= {v}', argument: 'value', textOnly: false },
  { key: 'lt', display: '<', sql: '{c} < {?}', human: '{c} < {v}', argument: 'value', textOnly: false },
  { key: 'lte', display: '≤', sql: '{c} <= {?}', human: '{c} <= {v}', argument: 'value', textOnly: false },
  { key: 'in', display: 'in', sql: '{c} IN ({?})', human: '{c} in {v}', argument: 'list', textOnly: false },
  {
    key: 'contains',
    display: 'contains',
    sql: "{c} LIKE {?} ESCAPE '\\'",
    human: '{c} contains {v}',
    argument: 'substring',
    textOnly: true,
  },
  { key: 'isnull', display: 'is null', sql: '{c} IS NULL', human: '{c} is null', argument: 'flag', textOnly: false },
  { key: 'notnull', display: 'is not null', sql: '{c} IS NOT NULL', human: '{c} is not null', argument: 'flag', textOnly: false },
] as const satisfies readonly Operator[];

export type OperatorKey = (typeof OPERATORS)[number]['key'];

const OPERATOR_KEYS = OPERATORS.map((op) => op.key).join(', ');

const BY_KEY = new Map<string, Operator>(OPERATORS.map((op) => [op.key, op]));

function operator(key: OperatorKey): Operator {
  return BY_KEY.get(key) as Operator;
}

export interface WhereClause {
  /** Conditions joined with AND, without the WHERE keyword; '' when there are none. */
  sql: string;
  params: unknown[];
  descriptions: string[];
}

/** The sentence shown above results: "where prim_char_flag = 1 and p_face_size > 4", or '' for no filters. */
export function describeWhere(descriptions: readonly string[]): string {
  return descriptions.length === 0 ? '' : `where ${descriptions.join(' and ')}`;
}

type Value = string | number;

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

interface Clause {
  sql: string;
  params: unknown[];
  description: string;
}

/**
 * The one place an operator's templates are filled: SQL and English from the
 * same values. Replacer functions, because a user's `$&` in a string
 * replacement would be read as a pattern.
 */
function render(op: Operator, column: FrameColumn, values: Value[], shown: string): Clause {
  return {
    sql: op.sql.replace('{c}', () => quoted(column)).replace('{?}', () => values.map(() => '?').join(', ')),
    params: values,
    description: op.human.replace('{c}', () => column).replace('{v}', () => shown),
  };
}

function parseArgument(op: Operator, param: string, column: FrameColumn, raw: string): Clause {
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
      return render(op, column, [likePattern(raw)], JSON.stringify(raw));
    case 'flag':
      if (raw !== '1') throw new QueryError(param, `must be 1, got ${JSON.stringify(raw)}`);
      return render(op, column, [], '');
  }
}

function parseFilter(param: string, raw: string): Clause {
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
function filmClause(films: string[]): Clause {
  if (films.length === 1) return render(operator('exact'), 'film', films, show(films[0]));
  return render(operator('in'), 'film', films, showList(films));
}

const RESERVED = new Set<string>(RESERVED_PARAMS);
const NOT_FILTERS = new Set<string>([...DISPLAY_PARAMS, MARK_PARAM]);

function isSelectionFilter(param: string): param is SelectionFilterParam {
  return (SELECTION_FILTER_PARAMS as readonly string[]).includes(param);
}

/**
 * The WHERE conditions for every filter parameter, in the order given.
 * Reserved `_` parameters are left to the caller; any other `_` name, unknown
 * column or operator, or badly typed value is a QueryError naming the parameter.
 * `_in_selection`/`_not_in_selection` need `context` to read the selection;
 * its own query is parsed here without one, so selections never nest.
 */
export function buildWhere(params: URLSearchParams, context?: WhereContext): WhereClause {
  const clauses: Array<Clause | 'films'> = [];
  const films: string[] = [];
  for (const [param, raw] of params) {
    if (param.startsWith('_')) {
      if (!RESERVED.has(param)) {
        throw new QueryError(param, `unknown parameter; the reserved parameters are ${RESERVED_PARAMS.join(', ')}`);
      }
      if (isSelectionFilter(param)) {
        const selection = resolveSelection(param, raw, context);
        clauses.push(selectionClause(param, selection, selectionWhere(param, selection)));
      }
    } else if (param === 'film') {
      if (films.length === 0) clauses.push('films');
      films.push(raw);
    } else if (param !== CHARACTER_PARAM) {
      clauses.push(parseFilter(param, raw));
    }
  }
  const resolved = clauses.map((clause) => (clause === 'films' ? filmClause(films) : clause));
  for (const clause of [colourClause(params), characterClause(params), searchClause(params), ...databaseClauses(params, context)]) {
    if (clause) resolved.push(clause);
  }
  return {
    sql: resolved.map((clause) => clause.sql).join(' AND '),
    params: resolved.flatMap((clause) => clause.params),
    descriptions: resolved.map((clause) => clause.description),
  };
}

/** Filters answered by scanning data in memory (palettes, face encodings): they need the library's database. */
function databaseClauses(params: URLSearchParams, context: WhereContext | undefined): Array<Clause | null> {
  const needing = ['_palette', '_palette_like', '_face_like', '_dupes_of', '_dupe_distance'].find((param) => params.has(param));
  if (!needing) return [];
  if (!context) throw new QueryError(needing, 'cannot be used here (a saved selection cannot hold palette, face or near-duplicate searches)');
  return [paletteClause(context.db, params), faceLikeClause(context.db, params), dupesClause(context.db, params)];
}

/**
 * A saved selection's own query as WHERE conditions, parsed without a
 * context so that it cannot refer to selections. It was checked when saved;
 * failing here means the filters changed since, reported on `param`.
 */
export function selectionWhere(param: string, selection: { name: string; query: string }): WhereClause {
  try {
    return buildWhere(new URLSearchParams(selection.query));
  } catch (error) {
    if (!(error instanceof QueryError)) throw error;
    throw new QueryError(param, `selection ${JSON.stringify(selection.name)} has a query that no longer parses: ${error.message}`);
  }
}

/**
 * The filter parameters of a query string, in their order: everything but
 * sort, paging, facets, histograms and marks (so a reserved filter such as
 * `_color` is kept, and an unknown `_` name too, to be refused when parsed).
 * What a saved selection or an export keeps of the URL the user was looking at.
 */
export function onlyFilters(params: URLSearchParams): URLSearchParams {
  return new URLSearchParams([...params].filter(([param]) => !NOT_FILTERS.has(param)));
}
