/**
 * The reserved `_` parameters (sort, page size, cursor, facets) and the SQL of
 * one page. Pages are keyset-paginated: the opaque `_next` cursor holds the
 * last row's sort value, film and frame, and the next page starts strictly
 * after that key, so rows are neither skipped nor repeated however deep the
 * page, even when an ingest adds or removes frames in between (only a row
 * whose sort value changes can move past the cursor).
 *
 * Order: the sort column (if any), NULLs LAST in both directions, then film
 * and frame ascending as the tiebreak that makes the order total.
 */
import {
  columnType,
  frameColumn,
  FRAME_COLUMN_NAMES,
  FRAME_COLUMNS,
  FRAME_SELECT_LIST,
  quoted,
  type FrameColumn,
  type FrameRow,
} from '@/lib/db/columns';
import { single, type WhereClause } from './condition';
import { QueryError } from '@/lib/errors';

/** Reserved parameters that shape the answer (order, page, counts) rather than choose frames. */
export const DISPLAY_PARAMS = ['_sort', '_sort_desc', '_size', '_next', '_offset', '_facet', '_histogram', '_bins', '_collapse'] as const;

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Sort {
  column: FrameColumn;
  desc: boolean;
}

/** The key of the last row of the previous page. */
export interface Cursor {
  value: string | number | null;
  film: string;
  frame: number;
}

export interface PageRequest {
  sort: Sort | null;
  /** 0 asks for counts only: total, facets, histograms. */
  size: number;
  after: Cursor | null;
  /** Position of the page's first row, for random access (a virtual grid's scroll position). */
  offset: number;
  facets: FrameColumn[];
}

function parseColumn(param: string, raw: string): FrameColumn {
  const column = frameColumn(raw);
  if (!column) throw new QueryError(param, `unknown column ${JSON.stringify(raw)}; columns are ${FRAME_COLUMN_NAMES.join(', ')}`);
  return column;
}

function parseSort(params: URLSearchParams): Sort | null {
  const asc = single(params, '_sort');
  const desc = single(params, '_sort_desc');
  if (asc !== null && desc !== null) throw new QueryError('_sort', 'cannot be combined with _sort_desc; give one of them');
  if (asc !== null) return { column: parseColumn('_sort', asc), desc: false };
  if (desc !== null) return { column: parseColumn('_sort_desc', desc), desc: true };
  return null;
}

function parseSize(params: URLSearchParams): number {
  const raw = single(params, '_size');
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const size = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (!(size >= 0 && size <= MAX_PAGE_SIZE)) {
    throw new QueryError('_size', `must be an integer from 0 to ${MAX_PAGE_SIZE}, got ${JSON.stringify(raw)}`);
  }
  return size;
}

function parseOffset(params: URLSearchParams, after: Cursor | null): number {
  const raw = single(params, '_offset');
  if (raw === null) return 0;
  if (after) throw new QueryError('_offset', 'cannot be combined with _next; give one of them');
  const offset = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(offset)) throw new QueryError('_offset', `must be an integer of 0 or more, got ${JSON.stringify(raw)}`);
  return offset;
}

/** Names the sort a cursor was made for, so a cursor from another sort is refused rather than misread. */
function sortKey(sort: Sort | null): string {
  if (!sort) return '';
  return sort.desc ? `-${sort.column}` : sort.column;
}

export function encodeCursor(sort: Sort | null, row: FrameRow): string {
  const key = { s: sortKey(sort), v: sort ? row[sort.column] : null, f: row.film, n: row.frame };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function validCursorValue(sort: Sort | null, value: unknown): value is Cursor['value'] {
  if (!sort) return value === null;
  if (value === null) return FRAME_COLUMNS[sort.column].nullable;
  if (columnType(sort.column) === 'text') return typeof value === 'string';
  return typeof value === 'number' && Number.isFinite(value);
}

function decodeCursor(sort: Sort | null, token: string): Cursor {
  const bad = (why: string) => new QueryError('_next', `${why}; pass the "next" value of the previous page unchanged`);
  let key: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new Error('not base64url');
    key = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad('is not a page cursor');
  }
  if (typeof key !== 'object' || key === null) throw bad('is not a page cursor');
  const { s, v, f, n } = key as Record<string, unknown>;
  if (typeof s !== 'string' || typeof f !== 'string' || !Number.isSafeInteger(n)) throw bad('is not a page cursor');
  if (s !== sortKey(sort)) throw bad(`was made for ${s ? `sort ${JSON.stringify(s)}` : 'the default order'}, not this one`);
  if (!validCursorValue(sort, v)) throw bad('holds a sort value of the wrong type');
  return { value: v, film: f, frame: n as number };
}

export function parsePageRequest(params: URLSearchParams): PageRequest {
  const sort = parseSort(params);
  const next = single(params, '_next');
  const after = next === null ? null : decodeCursor(sort, next);
  return {
    sort,
    size: parseSize(params),
    after,
    offset: parseOffset(params, after),
    facets: [...new Set(params.getAll('_facet').map((raw) => parseColumn('_facet', raw)))],
  };
}

const TIEBREAK = '("film", "frame")';

function orderBy(sort: Sort | null): string {
  if (!sort) return '"film", "frame"';
  const c = quoted(sort.column);
  const direction = sort.desc ? ' DESC' : '';
  const nullsLast = FRAME_COLUMNS[sort.column].nullable ? `${c} IS NULL, ` : '';
  return `${nullsLast}${c}${direction}, "film", "frame"`;
}

/** Rows strictly after the cursor in `orderBy(sort)`; NULL sort values come after every non-NULL one. */
function keyset(sort: Sort | null, after: Cursor): { sql: string; params: unknown[] } {
  const tiebreak = { sql: `${TIEBREAK} > (?, ?)`, params: [after.film, after.frame] };
  if (!sort) return tiebreak;
  const c = quoted(sort.column);
  if (after.value === null) return { sql: `${c} IS NULL AND ${tiebreak.sql}`, params: tiebreak.params };
  const beyond = sort.desc ? '<' : '>';
  const nulls = FRAME_COLUMNS[sort.column].nullable ? ` OR ${c} IS NULL` : '';
  return {
    sql: `${c} ${beyond} ? OR (${c} = ? AND ${tiebreak.sql})${nulls}`,
    params: [after.value, after.value, ...tiebreak.params],
  };
}

/** `WHERE ...` for the filters plus `extra`, or '' when there is no condition at all. */
export function whereSql(where: WhereClause, extra?: string): string {
  const parts = [where.sql, extra].filter((part): part is string => Boolean(part)).map((part) => `(${part})`);
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`;
}

/** One page plus one row, so the caller knows whether there is a next page. */
export function pageQuery(where: WhereClause, request: PageRequest): { sql: string; params: unknown[] } {
  const after = request.after ? keyset(request.sort, request.after) : null;
  // In the default order a page is the first rows of the primary key that pass the filters:
  // left alone, SQLite seeks a filter's index instead and sorts every match to find them.
  const frames = request.sort ? 'frames' : 'frames INDEXED BY sqlite_autoindex_frames_1';
  return {
    sql: `SELECT ${FRAME_SELECT_LIST} FROM ${frames}${whereSql(where, after?.sql)} ORDER BY ${orderBy(request.sort)} LIMIT ? OFFSET ?`,
    params: [...where.params, ...(after?.params ?? []), request.size + 1, request.offset],
  };
}

/** Every matching rowid in the sort's order: what lib/query/sorted-order.ts keeps for deep pages. */
export function sortedOrderQuery(where: WhereClause, sort: Sort): { sql: string; params: unknown[] } {
  return { sql: `SELECT rowid FROM frames${whereSql(where)} ORDER BY ${orderBy(sort)}`, params: where.params };
}
