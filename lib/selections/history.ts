/**
 * Curation actions on a selection, each recorded for undo and redo: the
 * frames it changed with their manual state before and after, or the query
 * before and after. Every action is set-based SQL (INSERT ... SELECT), so
 * "include all results" over 100,000 frames is two statements, not a loop.
 *
 * The undo pointer is selections.history_position: actions up to it are
 * applied, those after it form the redo stack, which a new action discards.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { ConflictError, NotFoundError, QueryError } from '@/lib/errors';
import { buildWhere, describeWhere, onlyFilters, type WhereClause } from '@/lib/query/filters';
import { selectionLookup } from '@/lib/query/selection-filter';
import { cachedStatement } from '@/lib/query/statements';
import { normaliseSelectionQuery, now, selectionSummary, type SelectionSummary } from './store';

export type ChangeAction = 'include' | 'exclude' | 'clear';
export const CHANGE_ACTIONS = ['include', 'exclude', 'clear'] as const satisfies readonly ChangeAction[];

export interface FrameRef {
  film: string;
  frame: number;
}

/** Frames by name (a click, a shift-click range), or every frame matching a filter query ("include all results"). */
export type ChangeRequest = { action: ChangeAction; frames: FrameRef[] } | { action: ChangeAction; query: string };

export interface ChangeResult {
  /** Frames whose manual state changed; 0 when the action changed nothing (and was not recorded). */
  changed: number;
  /** The recorded action ("include 3 frames"), null when nothing changed. */
  description: string | null;
  selection: SelectionSummary;
}

/** Actions kept per selection; older ones can no longer be undone. */
export const HISTORY_LIMIT = 200;
export const MAX_FRAMES_PER_CHANGE = 100_000;

/** The manual state an action leaves: 1 included, 0 excluded, null no manual change. */
const STATE_AFTER: Record<ChangeAction, 1 | 0 | null> = { include: 1, exclude: 0, clear: null };

const CAPTURE_HEAD = 'INSERT INTO selection_history_frames (selection_id, seq, film, frame, before, after) SELECT ?, ?, m.film, m.frame, sc.state, ? FROM ';
const CAPTURE_TAIL =
  ' AS m LEFT JOIN selection_changes AS sc ON sc.selection_id = ? AND sc.film = m.film AND sc.frame = m.frame WHERE sc.state IS NOT ?';
const PAIRS = "SELECT DISTINCT json_extract(value, '$[0]') AS film, json_extract(value, '$[1]') AS frame FROM json_each(?)";

/** Writes one side (`before` for undo, `after` for redo) of a recorded action into selection_changes. */
function applySide(db: DB, side: 'before' | 'after') {
  return {
    set: db.prepare<[number, number]>(
      `INSERT INTO selection_changes (selection_id, film, frame, state) SELECT selection_id, film, frame, ${side} ` +
        `FROM selection_history_frames WHERE selection_id = ? AND seq = ? AND ${side} IS NOT NULL ` +
        'ON CONFLICT (selection_id, film, frame) DO UPDATE SET state = excluded.state',
    ),
    clear: db.prepare<[number, number, number]>(
      'DELETE FROM selection_changes WHERE selection_id = ? AND (film, frame) IN ' +
        `(SELECT film, frame FROM selection_history_frames WHERE selection_id = ? AND seq = ? AND ${side} IS NULL)`,
    ),
  };
}

function prepare(db: DB) {
  return {
    head: db.prepare<[number], { position: number; query: string; name: string }>(
      'SELECT history_position AS position, query, name FROM selections WHERE id = ?',
    ),
    dropRedo: db.prepare<[number, number]>('DELETE FROM selection_history WHERE selection_id = ? AND seq > ?'),
    trim: db.prepare<[number, number]>('DELETE FROM selection_history WHERE selection_id = ? AND seq <= ?'),
    insertAction: db.prepare<[number, number, string, string | null, string | null, string]>(
      'INSERT INTO selection_history (selection_id, seq, description, query_before, query_after, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    describe: db.prepare<[string, number, number]>('UPDATE selection_history SET description = ? WHERE selection_id = ? AND seq = ?'),
    action: db.prepare<[number, number], { description: string; query_before: string | null; query_after: string | null; frames: number }>(
      'SELECT h.description, h.query_before, h.query_after, ' +
        '(SELECT count(*) FROM selection_history_frames AS f WHERE f.selection_id = h.selection_id AND f.seq = h.seq) AS frames ' +
        'FROM selection_history AS h WHERE h.selection_id = ? AND h.seq = ?',
    ),
    recordQuery: db.prepare<[string, string, number, number]>(
      'UPDATE selection_history SET query_before = ?, query_after = ? WHERE selection_id = ? AND seq = ?',
    ),
    captureFrames: db.prepare<[number, number, number | null, string, number, number | null]>(`${CAPTURE_HEAD}(${PAIRS})${CAPTURE_TAIL}`),
    unknownFrame: db.prepare<[string], { film: unknown; frame: unknown }>(
      `SELECT film, frame FROM (${PAIRS}) AS m WHERE NOT EXISTS (SELECT 1 FROM frames AS f WHERE f.film = m.film AND f.frame = m.frame) LIMIT 1`,
    ),
    setPosition: db.prepare<[number, string, number]>('UPDATE selections SET history_position = ?, updated_at = ? WHERE id = ?'),
    setQuery: db.prepare<[string, number]>('UPDATE selections SET query = ? WHERE id = ?'),
    before: applySide(db, 'before'),
    after: applySide(db, 'after'),
  };
}

const statements = preparedFor(prepare);

/** Thrown inside the transaction to roll back an action that changed nothing, keeping the redo stack. */
class NothingChanged extends Error {}

function head(db: DB, id: number) {
  const row = statements(db).head.get(id);
  if (!row) throw new NotFoundError(`No selection with id ${id}`);
  return row;
}

function plural(n: number): string {
  return n === 1 ? '1 frame' : `${n.toLocaleString('en')} frames`;
}

function checkFrames(frames: FrameRef[]): void {
  if (frames.length > MAX_FRAMES_PER_CHANGE) throw new QueryError('frames', `at most ${MAX_FRAMES_PER_CHANGE} frames per change, got ${frames.length}`);
  frames.forEach((ref, i) => {
    if (typeof ref.film !== 'string' || ref.film === '') throw new QueryError(`frames.${i}.film`, 'must be a film name');
    if (!Number.isSafeInteger(ref.frame) || ref.frame < 0) throw new QueryError(`frames.${i}.frame`, `must be a frame number, got ${ref.frame}`);
  });
}

function changeQuery(db: DB, raw: string): WhereClause {
  const params = onlyFilters(new URLSearchParams(raw.startsWith('?') ? raw.slice(1) : raw));
  try {
    return buildWhere(params, selectionLookup(db));
  } catch (error) {
    if (error instanceof QueryError) throw new QueryError('query', error.message);
    throw error;
  }
}

/**
 * Records a new action at position + 1 and applies it: `record` inserts the
 * changed frames (returning how many) after the action row exists. An action
 * that changes nothing is rolled back whole, so it neither appears in the
 * history nor discards the redo stack.
 */
function newAction(
  db: DB,
  id: number,
  record: (seq: number) => { changed: number; description: string },
): ChangeResult {
  const s = statements(db);
  try {
    return db.transaction((): ChangeResult => {
      const { position } = head(db, id);
      const seq = position + 1;
      s.dropRedo.run(id, position);
      s.insertAction.run(id, seq, '', null, null, now());
      const { changed, description } = record(seq);
      if (changed === 0) throw new NothingChanged();
      s.describe.run(description, id, seq);
      s.after.set.run(id, seq);
      s.after.clear.run(id, id, seq);
      s.setPosition.run(seq, now(), id);
      s.trim.run(id, seq - HISTORY_LIMIT);
      return { changed, description, selection: selectionSummary(db, id) };
    }).immediate();
  } catch (error) {
    if (error instanceof NothingChanged) return { changed: 0, description: null, selection: selectionSummary(db, id) };
    throw error;
  }
}

/**
 * Includes, excludes or clears (back to what the query says) the given
 * frames, or every frame matching `query` (which may use any filter,
 * `_in_selection` included). One undoable action.
 */
export function applyChange(db: DB, id: number, request: ChangeRequest): ChangeResult {
  const after = STATE_AFTER[request.action];
  if (after === undefined) throw new QueryError('action', `must be one of ${Object.keys(STATE_AFTER).join(', ')}, got ${JSON.stringify(request.action)}`);
  const s = statements(db);
  if ('frames' in request) {
    checkFrames(request.frames);
    const pairs = JSON.stringify(request.frames.map((ref) => [ref.film, ref.frame]));
    return newAction(db, id, (seq) => {
      // A frame gone from the library can still be cleared (after a re-ingest reported it), never newly marked.
      if (after !== null) {
        const unknown = s.unknownFrame.get(pairs);
        if (unknown) throw new QueryError('frames', `no frame ${String(unknown.frame)} in film ${JSON.stringify(unknown.film)}`);
      }
      const changed = s.captureFrames.run(id, seq, after, pairs, id, after).changes;
      return { changed, description: `${request.action} ${plural(changed)}` };
    });
  }
  const where = changeQuery(db, request.query);
  const sql = `${CAPTURE_HEAD}(SELECT "film", "frame" FROM frames${where.sql ? ` WHERE ${where.sql}` : ''})${CAPTURE_TAIL}`;
  return newAction(db, id, (seq) => {
    const changed = cachedStatement(db, sql).run(id, seq, after, ...where.params, id, after).changes;
    const sentence = describeWhere(where.descriptions);
    return { changed, description: `${request.action} ${plural(changed)}: all results${sentence ? ` ${sentence}` : ''}` };
  });
}

/** Changes the selection's query (filters only, checked), as an undoable action. */
export function setSelectionQuery(db: DB, id: number, raw: string): ChangeResult {
  const query = normaliseSelectionQuery(raw);
  const s = statements(db);
  return newAction(db, id, (seq) => {
    const before = head(db, id).query;
    if (before === query) return { changed: 0, description: '' };
    s.setQuery.run(query, id);
    s.recordQuery.run(before, query, id, seq);
    const sentence = describeWhere(buildWhere(new URLSearchParams(query)).descriptions);
    return { changed: 1, description: `change the query to ${sentence || 'every frame'}` };
  });
}

function step(db: DB, id: number, direction: 'undo' | 'redo'): ChangeResult {
  const s = statements(db);
  return db.transaction((): ChangeResult => {
    const { position } = head(db, id);
    const seq = direction === 'undo' ? position : position + 1;
    const action = seq > 0 ? s.action.get(id, seq) : undefined;
    if (!action) throw new ConflictError(direction, `nothing to ${direction}`);
    const side = direction === 'undo' ? s.before : s.after;
    side.set.run(id, seq);
    side.clear.run(id, id, seq);
    const query = direction === 'undo' ? action.query_before : action.query_after;
    if (query !== null) s.setQuery.run(query, id);
    s.setPosition.run(direction === 'undo' ? position - 1 : position + 1, now(), id);
    return { changed: action.query_after !== null ? 1 : action.frames, description: action.description, selection: selectionSummary(db, id) };
  }).immediate();
}

/** Undoes the last applied action; a ConflictError when there is none. */
export function undo(db: DB, id: number): ChangeResult {
  return step(db, id, 'undo');
}

/** Re-applies the last undone action; a ConflictError when there is none. */
export function redo(db: DB, id: number): ChangeResult {
  return step(db, id, 'redo');
}
