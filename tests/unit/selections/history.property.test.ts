/**
 * Undo and redo against a model: random sequences of curation actions
 * (frames and "all results", include / exclude / clear, query changes, undo,
 * redo) run on SQLite and on a plain JS model keeping a snapshot per history
 * position. After every step the manual changes, the query, the members and
 * whether undo/redo are possible must agree.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FrameRow } from '@/lib/db/columns';
import { ConflictError } from '@/lib/errors';
import { applyChange, createSelection, getSelection, redo, setSelectionQuery, undo, type ChangeAction } from '@/lib/selections';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

/** Filter queries with an independent JS meaning. */
const QUERIES: Array<[string, (r: FrameRow) => boolean]> = [
  ['', () => true],
  ['faces_found=2', (r) => r.faces_found === 2],
  ['p_emotion=happy', (r) => r.p_emotion === 'happy'],
  ['film=before_sunset_2004&frame__lt=60', (r) => r.film === 'before_sunset_2004' && r.frame < 60],
  ['prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20', (r) => r.prim_char_flag === 1 && r.p_face_size !== null && r.p_face_size > 4 && r.p_face_size < 20],
  ['blank__notnull=1', (r) => r.blank !== null],
];

type Op =
  | { kind: 'frames'; action: ChangeAction; picks: number[] }
  | { kind: 'all'; action: ChangeAction; query: number }
  | { kind: 'query'; query: number }
  | { kind: 'undo' }
  | { kind: 'redo' };

interface Snapshot {
  query: number;
  changes: Map<string, 0 | 1>;
}

let demo: DemoDatabase;
let frames: FrameRow[];
beforeAll(async () => {
  demo = await demoDatabase('history');
  frames = demo.db.prepare('SELECT * FROM frames ORDER BY film, frame').all() as FrameRow[];
});
afterAll(() => demo.cleanup());

const key = (r: { film: string; frame: number }) => `${r.film}:${r.frame}`;
const AFTER: Record<ChangeAction, 0 | 1 | null> = { include: 1, exclude: 0, clear: null };

function applyModel(snapshot: Snapshot, action: ChangeAction, targets: FrameRow[]): Snapshot {
  const changes = new Map(snapshot.changes);
  for (const r of targets) {
    const after = AFTER[action];
    if (after === null) changes.delete(key(r));
    else changes.set(key(r), after);
  }
  return { query: snapshot.query, changes };
}

function same(a: Snapshot, b: Snapshot): boolean {
  return a.query === b.query && a.changes.size === b.changes.size && [...a.changes].every(([k, v]) => b.changes.get(k) === v);
}

function dbState(id: number): Map<string, number> {
  const rows = demo.db.prepare('SELECT film, frame, state FROM selection_changes WHERE selection_id = ?').all(id) as Array<{ film: string; frame: number; state: number }>;
  return new Map(rows.map((r) => [key(r), r.state]));
}

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('frames' as const), action: fc.constantFrom<ChangeAction>('include', 'exclude', 'clear'), picks: fc.array(fc.nat(799), { minLength: 1, maxLength: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('all' as const), action: fc.constantFrom<ChangeAction>('include', 'exclude', 'clear'), query: fc.nat(QUERIES.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('query' as const), query: fc.nat(QUERIES.length - 1) }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'undo' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'redo' as const }) },
);

let runs = 0;

it('undo and redo follow a model through random curation sequences', () => {
  fc.assert(
    fc.property(fc.array(opArb, { minLength: 1, maxLength: 25 }), (ops) => {
      const selection = createSelection(demo.db, { name: `model ${++runs}`, query: QUERIES[4][0] });
      // history[i] is the state after i applied actions; position is the undo pointer.
      const history: Snapshot[] = [{ query: 4, changes: new Map() }];
      let position = 0;
      const record = (next: Snapshot) => {
        if (same(next, history[position])) return false;
        history.splice(position + 1, Infinity, next);
        position++;
        return true;
      };
      for (const op of ops) {
        const current = history[position];
        if (op.kind === 'frames') {
          const targets = op.picks.map((i) => frames[i % frames.length]);
          const result = applyChange(demo.db, selection.id, { action: op.action, frames: targets.map((r) => ({ film: r.film, frame: r.frame })) });
          expect(result.changed > 0).toBe(record(applyModel(current, op.action, targets)));
        } else if (op.kind === 'all') {
          const [query, matches] = QUERIES[op.query];
          const result = applyChange(demo.db, selection.id, { action: op.action, query });
          expect(result.changed > 0).toBe(record(applyModel(current, op.action, frames.filter(matches))));
        } else if (op.kind === 'query') {
          const result = setSelectionQuery(demo.db, selection.id, QUERIES[op.query][0]);
          expect(result.changed > 0).toBe(record({ query: op.query, changes: current.changes }));
        } else if (op.kind === 'undo') {
          if (position === 0) expect(() => undo(demo.db, selection.id)).toThrow(ConflictError);
          else {
            undo(demo.db, selection.id);
            position--;
          }
        } else {
          if (position === history.length - 1) expect(() => redo(demo.db, selection.id)).toThrow(ConflictError);
          else {
            redo(demo.db, selection.id);
            position++;
          }
        }
        const expected = history[position];
        expect(dbState(selection.id)).toEqual(expected.changes);
        const detail = getSelection(demo.db, selection.id);
        expect(detail.query).toBe(QUERIES[expected.query][0]);
        expect(detail.undo !== null).toBe(position > 0);
        expect(detail.redo !== null).toBe(position < history.length - 1);
        const matches = QUERIES[expected.query][1];
        const members = frames.filter((r) => {
          const state = expected.changes.get(key(r));
          return state === 1 || (state !== 0 && matches(r));
        });
        expect(detail.members).toBe(members.length);
      }
    }),
    { numRuns: 40 },
  );
});
