/**
 * `_in_selection=<id>`, `_not_in_selection=<id>` and `_mark=<id>`: a saved
 * selection as a filter, and as a per-frame badge. Reserved-parameter filters
 * like `_color`: each adds one clause to the WHERE, with its own sentence.
 *
 * A frame is a member of a selection when (it matches the selection's own
 * query AND is not manually excluded) OR it is manually included. The
 * selection's query is parsed with the same registry (buildWhere) by the
 * caller and handed in as a WhereClause.
 */
import type { Statement } from 'better-sqlite3';
import { whereMask } from './columnar-evaluate';
import { allRows, not } from '@/lib/columnar/masks';
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import type { Condition, WhereClause } from './condition';
import { QueryError } from '@/lib/errors';
import type { FilterEntry, SelectionRef, WhereContext } from './filter-entry';
import { cachedStatement } from './statements';

export type { SelectionRef, WhereContext };

export const SELECTION_FILTER_PARAMS = ['_in_selection', '_not_in_selection'] as const;
/** Not a filter: asks for each frame's standing in a selection. */
export const MARK_PARAM = '_mark';
export const SELECTION_PARAMS = [...SELECTION_FILTER_PARAMS, MARK_PARAM] as const;

export type SelectionFilterParam = (typeof SELECTION_FILTER_PARAMS)[number];

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

const CHANGES = 'SELECT film, frame, state FROM selection_changes WHERE selection_id = ?';

/**
 * Membership in the columnar copy, as membershipSql says it: the query's
 * matches (kept with the copy, like any frames-only condition), overwritten
 * by the manual changes, which are read afresh each time so that a curation
 * action is seen by the very next query.
 */
function membershipMask(selectionId: number, query: WhereClause): Condition['mask'] {
  return (columnar) => {
    const matched = whereMask(columnar, query.conditions);
    const member = matched ? matched.slice() : allRows(columnar.frames.rows);
    for (const [film, frame, state] of columnar.db.prepare(CHANGES).raw().all(selectionId) as Array<[string, number, number]>) {
      const row = columnar.rows.rowOf(film, frame);
      if (row >= 0) member[row] = state;
    }
    return member;
  };
}

export function selectionClause(param: SelectionFilterParam, selection: SelectionRef, query: WhereClause): Condition {
  const member = membershipSql(selection.id, query);
  const memberMask = membershipMask(selection.id, query);
  const negate = param === '_not_in_selection';
  return {
    sql: negate ? `NOT ${member.sql}` : member.sql,
    params: member.params,
    description: `${negate ? 'not in' : 'in'} selection ${JSON.stringify(selection.name)}`,
    mask: negate ? (columnar) => not(memberMask(columnar), columnar.frames.rows) : memberMask,
  };
}

function isSelectionFilter(param: string): param is SelectionFilterParam {
  return (SELECTION_FILTER_PARAMS as readonly string[]).includes(param);
}

export const selectionFilter: FilterEntry = {
  params: SELECTION_FILTER_PARAMS,
  placement: 'each',
  parseOne: (param, raw, { where, nested }) => {
    if (!isSelectionFilter(param)) throw new QueryError(param, 'is not a selection filter');
    const selection = resolveSelection(param, raw, where);
    return selectionClause(param, selection, nested(param, selection));
  },
};

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
