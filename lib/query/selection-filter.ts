/**
 * `_in_selection=<id>`, `_not_in_selection=<id>` and `_mark=<id>`: a saved
 * selection as a filter, and as a per-frame badge. Reserved-parameter filters
 * like `_color`: each adds one clause to the WHERE, with its own sentence.
 *
 * A frame is a member of a selection when (it matches the selection's own
 * query AND is not manually excluded) OR it is manually included. The
 * selection's query is parsed with the same registry (buildWhere) by the
 * caller and handed in as a WhereClause, so this module builds SQL only.
 */
import type { Statement } from 'better-sqlite3';
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { QueryError } from './errors';
import type { WhereClause } from './filters';
import { cachedStatement } from './statements';

export const SELECTION_FILTER_PARAMS = ['_in_selection', '_not_in_selection'] as const;
/** Not a filter: asks for each frame's standing in a selection. */
export const MARK_PARAM = '_mark';
export const SELECTION_PARAMS = [...SELECTION_FILTER_PARAMS, MARK_PARAM] as const;

export type SelectionFilterParam = (typeof SELECTION_FILTER_PARAMS)[number];

/** What a filter needs to know about a saved selection: its name for the sentence, its query for the SQL. */
export interface SelectionRef {
  id: number;
  name: string;
  query: string;
}

/**
 * Given to buildWhere by callers that hold a database; without it the
 * parameters that read the database (selections, palettes, faces) are refused.
 */
export interface WhereContext {
  readonly db: DB;
  selection(id: number): SelectionRef | undefined;
}

/** How a frame stands in a selection, in `_mark` answers. */
export type SelectionMark = 'included' | 'excluded' | 'matched' | null;

const SELECTION_ID = /^[1-9][0-9]{0,14}$/;

export function parseSelectionId(param: string, raw: string): number {
  if (!SELECTION_ID.test(raw)) throw new QueryError(param, `must be a selection id (a positive whole number), got ${JSON.stringify(raw)}`);
  return Number(raw);
}

export function resolveSelection(param: string, raw: string, context: WhereContext | undefined): SelectionRef {
  if (!context) throw new QueryError(param, "selections cannot be used here (a selection's own query cannot refer to selections)");
  const id = parseSelectionId(param, raw);
  const selection = context.selection(id);
  if (!selection) throw new QueryError(param, `no selection has id ${id}`);
  return selection;
}

/** 1 when a frame matches the query, else 0: a condition on a NULL column counts as not matching, never as NULL. */
export function matchesSql(query: WhereClause): string {
  return query.sql === '' ? '1' : `coalesce((${query.sql}), 0)`;
}

/**
 * 1 for a member, 0 otherwise (never NULL, so `NOT member` is exactly the
 * rest): the frame's manual state if it has one, else whether it matches.
 * The state is one primary-key lookup per frame, correlated on `frames`, so
 * the clause must be used in a query over `frames` itself (as every filter
 * is). Row-value `IN (SELECT ...)` was tried first: for frames NOT in the
 * list SQLite rescanned the whole list, which at 100,000 changes took minutes.
 */
export function membershipSql(selectionId: number, query: WhereClause): { sql: string; params: unknown[] } {
  return {
    sql:
      'coalesce((SELECT sc.state FROM selection_changes AS sc WHERE sc.selection_id = ? AND sc.film = frames.film AND sc.frame = frames.frame), ' +
      `${matchesSql(query)})`,
    params: [selectionId, ...query.params],
  };
}

export interface SelectionClause {
  sql: string;
  params: unknown[];
  description: string;
}

export function selectionClause(param: SelectionFilterParam, selection: SelectionRef, query: WhereClause): SelectionClause {
  const member = membershipSql(selection.id, query);
  const negate = param === '_not_in_selection';
  return {
    sql: negate ? `NOT ${member.sql}` : member.sql,
    params: member.params,
    description: `${negate ? 'not in' : 'in'} selection ${JSON.stringify(selection.name)}`,
  };
}

/** The selection named by `_mark`, if any. */
export function markedSelection(params: URLSearchParams, context: WhereContext | undefined): SelectionRef | null {
  const values = params.getAll(MARK_PARAM);
  if (values.length > 1) throw new QueryError(MARK_PARAM, 'given more than once');
  return values.length === 0 ? null : resolveSelection(MARK_PARAM, values[0], context);
}

interface MarkRow {
  film: string;
  frame: number;
  matched: number;
  state: number | null;
}

function frameKey(film: string, frame: number): string {
  return `${frame}:${film}`;
}

/** The mark of each listed frame in one statement: the page's (film, frame) pairs arrive as one JSON array. */
export function markFrames(
  db: DB,
  selectionId: number,
  query: WhereClause,
  frames: ReadonlyArray<{ film: string; frame: number }>,
): (film: string, frame: number) => SelectionMark {
  const sql =
    `SELECT m.film, m.frame, m.matched, sc.state FROM (SELECT "film", "frame", ${matchesSql(query)} AS matched FROM frames ` +
    `WHERE ("film", "frame") IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?))) AS m ` +
    'LEFT JOIN selection_changes AS sc ON sc.selection_id = ? AND sc.film = m.film AND sc.frame = m.frame';
  const pairs = JSON.stringify(frames.map((f) => [f.film, f.frame]));
  const rows = cachedStatement(db, sql).all(...query.params, pairs, selectionId) as MarkRow[];
  const marks = new Map<string, SelectionMark>();
  for (const row of rows) {
    const mark = row.state === 1 ? 'included' : row.state === 0 ? 'excluded' : row.matched ? 'matched' : null;
    marks.set(frameKey(row.film, row.frame), mark);
  }
  return (film, frame) => marks.get(frameKey(film, frame)) ?? null;
}

/** Reads selections from `db` for buildWhere; the statement is prepared on first use, once per handle. */
export const selectionLookup = preparedFor((db: DB): WhereContext => {
  let statement: Statement<[number], SelectionRef> | undefined;
  return {
    db,
    selection: (id) => {
      statement ??= db.prepare<[number], SelectionRef>('SELECT id, name, query FROM selections WHERE id = ?');
      return statement.get(id);
    },
  };
});
