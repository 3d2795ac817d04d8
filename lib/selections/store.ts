/**
 * Named selections: create, rename, duplicate, delete, list, read. A
 * selection is a filter query (lib/query syntax) plus manual changes kept in
 * their own tables (db/003_selections.sql), keyed by film and frame, so a
 * re-ingest never touches them. Curation actions and their undo history are
 * in history.ts.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { ConflictError, NotFoundError, QueryError } from '@/lib/errors';
import { buildWhere, describeWhere, onlyFilters, selectionWhere } from '@/lib/query/filters';
import { membershipSql, SELECTION_FILTER_PARAMS } from '@/lib/query/selection-filter';
import { cachedStatement } from '@/lib/query/statements';

export type ManualState = 'included' | 'excluded';

export interface SelectionSummary {
  id: number;
  name: string;
  /** Filter parameters only, e.g. "prim_char_flag=1&p_face_size__gt=4"; '' matches every frame. */
  query: string;
  createdAt: string;
  updatedAt: string;
  /** Frames manually included / excluded (including any no longer in the library). */
  included: number;
  excluded: number;
  /** What undo / redo would do ("include 3 frames"), or null when there is nothing to undo / redo. */
  undo: string | null;
  redo: string | null;
}

export interface MissingFrame {
  film: string;
  frame: number;
  state: ManualState;
}

export interface SelectionDetail extends SelectionSummary {
  /** Frames that are members now: (match the query and not excluded) or included. */
  members: number;
  /** The query in English: "where prim_char_flag = 1 and ...", '' for no filters. */
  where: string;
  /** The same, one condition each: what the selection bar shows as chips. */
  conditions: string[];
  /** Manual changes whose frame is not in the library (any more): reported, never dropped. */
  missing: MissingFrame[];
}

interface SummaryRow {
  id: number;
  name: string;
  query: string;
  created_at: string;
  updated_at: string;
  included: number;
  excluded: number;
  undo: string | null;
  redo: string | null;
}

const SUMMARY =
  'SELECT s.id, s.name, s.query, s.created_at, s.updated_at, ' +
  '(SELECT count(*) FROM selection_changes WHERE selection_id = s.id AND state = 1) AS included, ' +
  '(SELECT count(*) FROM selection_changes WHERE selection_id = s.id AND state = 0) AS excluded, ' +
  '(SELECT description FROM selection_history WHERE selection_id = s.id AND seq = s.history_position) AS undo, ' +
  '(SELECT description FROM selection_history WHERE selection_id = s.id AND seq = s.history_position + 1) AS redo ' +
  'FROM selections AS s';

function prepare(db: DB) {
  return {
    list: db.prepare<[], SummaryRow>(`${SUMMARY} ORDER BY s.name, s.id`),
    summary: db.prepare<[number], SummaryRow>(`${SUMMARY} WHERE s.id = ?`),
    byName: db.prepare<[string], { id: number }>('SELECT id FROM selections WHERE name = ?'),
    insert: db.prepare<[string, string, string, string], { id: number }>(
      'INSERT INTO selections (name, query, created_at, updated_at) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    rename: db.prepare<[string, string, number]>('UPDATE selections SET name = ?, updated_at = ? WHERE id = ?'),
    remove: db.prepare<[number]>('DELETE FROM selections WHERE id = ?'),
    copyChanges: db.prepare<[number, number]>(
      'INSERT INTO selection_changes (selection_id, film, frame, state) SELECT ?, film, frame, state FROM selection_changes WHERE selection_id = ?',
    ),
    missing: db.prepare<[number], { film: string; frame: number; state: number }>(
      'SELECT c.film, c.frame, c.state FROM selection_changes AS c WHERE c.selection_id = ? ' +
        'AND NOT EXISTS (SELECT 1 FROM frames AS f WHERE f.film = c.film AND f.frame = c.frame) ORDER BY c.film, c.frame',
    ),
    changes: db.prepare<[number], { film: string; frame: number; state: number }>(
      'SELECT film, frame, state FROM selection_changes WHERE selection_id = ? ORDER BY film, frame',
    ),
  };
}

const statements = preparedFor(prepare);

export const MAX_NAME_LENGTH = 100;

/** Trimmed; 1-100 characters, no control characters (it names folders and menu items). */
export function validName(raw: string, param = 'name'): string {
  const name = raw.trim();
  if (name.length === 0) throw new QueryError(param, 'must not be empty');
  if (name.length > MAX_NAME_LENGTH) throw new QueryError(param, `must be at most ${MAX_NAME_LENGTH} characters, got ${name.length}`);
  // eslint-disable-next-line no-control-regex -- control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new QueryError(param, 'must not contain control characters');
  return name;
}

/**
 * The filter parameters of `raw` (a URL query string, with or without `?`),
 * checked with the filter registry: sort, paging, facets and marks are
 * dropped; a selection filter is refused, so selections never nest.
 */
export function normaliseSelectionQuery(raw: string, param = 'query'): string {
  const params = new URLSearchParams(raw.startsWith('?') ? raw.slice(1) : raw);
  for (const name of SELECTION_FILTER_PARAMS) {
    if (params.has(name)) throw new QueryError(param, `a selection's query cannot use ${name}: selections do not nest`);
  }
  const filters = onlyFilters(params);
  try {
    buildWhere(filters);
  } catch (error) {
    if (error instanceof QueryError) throw new QueryError(param, error.message);
    throw error;
  }
  return filters.toString();
}

function toSummary(row: SummaryRow): SelectionSummary {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    included: row.included,
    excluded: row.excluded,
    undo: row.undo,
    redo: row.redo,
  };
}

export function now(): string {
  return new Date().toISOString();
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function nameTaken(name: string): ConflictError {
  return new ConflictError('name', `a selection named ${JSON.stringify(name)} already exists`);
}

export function listSelections(db: DB): SelectionSummary[] {
  return statements(db).list.all().map(toSummary);
}

export function selectionSummary(db: DB, id: number): SelectionSummary {
  const row = statements(db).summary.get(id);
  if (!row) throw new NotFoundError(`No selection with id ${id}`);
  return toSummary(row);
}

export function selectionIdByName(db: DB, name: string): number | null {
  return statements(db).byName.get(name)?.id ?? null;
}

export function missingFrames(db: DB, id: number): MissingFrame[] {
  return statements(db)
    .missing.all(id)
    .map((row) => ({ film: row.film, frame: row.frame, state: row.state === 1 ? 'included' : 'excluded' }));
}

/** Every manual change, in film and frame order; an iterator, since "include all results" can make many. */
export function* manualChanges(db: DB, id: number): Generator<MissingFrame> {
  for (const row of statements(db).changes.iterate(id)) {
    yield { film: row.film, frame: row.frame, state: row.state === 1 ? 'included' : 'excluded' };
  }
}

export function countMembers(db: DB, selection: { id: number; name: string; query: string }): number {
  const member = membershipSql(selection.id, selectionWhere('query', selection));
  const row = cachedStatement(db, `SELECT count(*) AS members FROM frames WHERE ${member.sql}`).get(...member.params) as { members: number };
  return row.members;
}

export function getSelection(db: DB, id: number): SelectionDetail {
  return db.transaction((): SelectionDetail => {
    const summary = selectionSummary(db, id);
    const { descriptions } = selectionWhere('query', summary);
    return {
      ...summary,
      members: countMembers(db, summary),
      where: describeWhere(descriptions),
      conditions: descriptions,
      missing: missingFrames(db, id),
    };
  })();
}

export function createSelection(db: DB, input: { name: string; query?: string }): SelectionSummary {
  const name = validName(input.name);
  const query = normaliseSelectionQuery(input.query ?? '');
  const s = statements(db);
  return db.transaction((): SelectionSummary => {
    if (s.byName.get(name)) throw nameTaken(name);
    const time = now();
    const { id } = s.insert.get(name, query, time, time) as { id: number };
    return selectionSummary(db, id);
  }).immediate();
}

export function renameSelection(db: DB, id: number, rawName: string): SelectionSummary {
  const name = validName(rawName);
  const s = statements(db);
  return db.transaction((): SelectionSummary => {
    const other = s.byName.get(name);
    if (other && other.id !== id) throw nameTaken(name);
    try {
      if (s.rename.run(name, now(), id).changes === 0) throw new NotFoundError(`No selection with id ${id}`);
    } catch (error) {
      if (isUniqueViolation(error)) throw nameTaken(name);
      throw error;
    }
    return selectionSummary(db, id);
  }).immediate();
}

/** The first of "NAME copy", "NAME copy 2", "NAME copy 3" ... that is free. */
function copyName(db: DB, name: string): string {
  const base = `${name.slice(0, MAX_NAME_LENGTH - 10)} copy`;
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base} ${n}`;
    if (!statements(db).byName.get(candidate)) return candidate;
  }
}

/** A new selection with the same query and manual changes, and an empty undo history. */
export function duplicateSelection(db: DB, id: number, rawName?: string): SelectionSummary {
  const s = statements(db);
  return db.transaction((): SelectionSummary => {
    const source = selectionSummary(db, id);
    const name = rawName === undefined ? copyName(db, source.name) : validName(rawName);
    if (s.byName.get(name)) throw nameTaken(name);
    const time = now();
    const { id: copy } = s.insert.get(name, source.query, time, time) as { id: number };
    s.copyChanges.run(copy, id);
    return selectionSummary(db, copy);
  }).immediate();
}

/** Deletes the selection with its changes and history (ON DELETE CASCADE). */
export function deleteSelection(db: DB, id: number): void {
  db.transaction(() => {
    if (statements(db).remove.run(id).changes === 0) throw new NotFoundError(`No selection with id ${id}`);
  }).immediate();
}
