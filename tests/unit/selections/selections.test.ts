/**
 * Selections on the demo library in a real SQLite file: the named-set
 * operations, curation actions, membership against a brute-force JS
 * computation over every frame, and the selection query parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FrameRow } from '@/lib/db/columns';
import { ConflictError, NotFoundError, QueryError } from '@/lib/errors';
import { queryFrames } from '@/lib/query/frames';
import {
  applyChange,
  createSelection,
  deleteSelection,
  duplicateSelection,
  getSelection,
  HISTORY_LIMIT,
  listSelections,
  redo,
  renameSelection,
  setSelectionQuery,
  undo,
} from '@/lib/selections';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
const isMcu = (r: FrameRow) => r.prim_char_flag === 1 && r.p_face_size !== null && r.p_face_size > 4 && r.p_face_size < 20;

let demo: DemoDatabase;
let frames: FrameRow[];
beforeAll(async () => {
  demo = await demoDatabase('selections');
  frames = demo.db.prepare('SELECT * FROM frames ORDER BY film, frame').all() as FrameRow[];
});
afterAll(() => demo.cleanup());

let counter = 0;
const fresh = (query = MCU) => createSelection(demo.db, { name: `s${++counter}`, query });

function states(id: number): Map<string, number> {
  const rows = demo.db.prepare('SELECT film, frame, state FROM selection_changes WHERE selection_id = ?').all(id) as Array<{
    film: string;
    frame: number;
    state: number;
  }>;
  return new Map(rows.map((r) => [`${r.film}:${r.frame}`, r.state]));
}

/** Every frame's (film:frame) that the API returns for `query`, following all pages. */
function allFrames(query: string): Array<{ key: string; selection?: unknown }> {
  const out: Array<{ key: string; selection?: unknown }> = [];
  let next: string | null = null;
  do {
    const params = new URLSearchParams(query);
    params.set('_size', '1000');
    if (next) params.set('_next', next);
    const page = queryFrames(demo.db, params);
    out.push(...page.frames.map((f) => ({ key: `${f.film}:${f.frame}`, selection: f.selection })));
    next = page.next;
  } while (next);
  return out;
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('named selections', () => {
  it('creates one with its query kept as filters only', () => {
    const s = createSelection(demo.db, { name: '  Close-ups  ', query: `?${MCU}&_sort=frame&_size=20&_facet=p_emotion&_mark=1` });
    expect(s).toMatchObject({ name: 'Close-ups', query: MCU, included: 0, excluded: 0, undo: null, redo: null });
    expect(getSelection(demo.db, s.id)).toMatchObject({ members: frames.filter(isMcu).length, where: 'where prim_char_flag = 1 and p_face_size > 4 and p_face_size < 20', conditions: ['prim_char_flag = 1', 'p_face_size > 4', 'p_face_size < 20'], missing: [] });
    expect(listSelections(demo.db).map((x) => x.name)).toContain('Close-ups');
    // Reserved filters are kept; a mistyped reserved name is refused, not dropped.
    expect(createSelection(demo.db, { name: 'orange', query: 'faces_found=1&_color=ff8800&_sort=red&_histogram=red' }).query).toBe('faces_found=1&_color=ff8800');
    expect(errorOf(() => createSelection(demo.db, { name: 'typo', query: 'faces_found=1&_colour=ff8800' })).message).toMatch(/^query: _colour: unknown parameter/);
  });

  it('refuses a taken name, an empty one, a bad query, and nesting selections', () => {
    createSelection(demo.db, { name: 'taken' });
    expect(errorOf(() => createSelection(demo.db, { name: 'taken' }))).toBeInstanceOf(ConflictError);
    expect(errorOf(() => createSelection(demo.db, { name: '   ' }))).toMatchObject({ param: 'name' });
    const bad = errorOf(() => createSelection(demo.db, { name: 'bad', query: 'faces_found__gt=abc' }));
    expect(bad).toBeInstanceOf(QueryError);
    expect(bad).toMatchObject({ param: 'query' });
    expect(bad.message).toContain('faces_found__gt');
    expect(errorOf(() => createSelection(demo.db, { name: 'nest', query: '_in_selection=1' }))).toMatchObject({ param: 'query' });
  });

  it('renames, duplicates with changes but without history, and deletes with everything', () => {
    const s = fresh();
    applyChange(demo.db, s.id, { action: 'exclude', frames: [{ film: 'the_hustle_2019', frame: 20 }] });
    expect(renameSelection(demo.db, s.id, 'renamed one').name).toBe('renamed one');
    expect(errorOf(() => renameSelection(demo.db, s.id, 'taken'))).toBeInstanceOf(ConflictError);
    const copy = duplicateSelection(demo.db, s.id);
    expect(copy).toMatchObject({ name: 'renamed one copy', query: MCU, excluded: 1, undo: null });
    expect(duplicateSelection(demo.db, s.id).name).toBe('renamed one copy 2');
    expect(states(copy.id)).toEqual(states(s.id));
    deleteSelection(demo.db, s.id);
    expect(errorOf(() => getSelection(demo.db, s.id))).toBeInstanceOf(NotFoundError);
    expect(errorOf(() => deleteSelection(demo.db, s.id))).toBeInstanceOf(NotFoundError);
    const leftovers = demo.db.prepare('SELECT (SELECT count(*) FROM selection_changes WHERE selection_id = ?) + (SELECT count(*) FROM selection_history WHERE selection_id = ?) + (SELECT count(*) FROM selection_history_frames WHERE selection_id = ?) AS n').get(s.id, s.id, s.id) as { n: number };
    expect(leftovers.n).toBe(0);
    expect(states(copy.id).size).toBe(1);
  });
});

describe('curation actions', () => {
  it('includes and excludes single frames and ranges, and reports what changed', () => {
    const s = fresh();
    const range = Array.from({ length: 10 }, (_, i) => ({ film: 'before_sunset_2004', frame: 100 + i }));
    const first = applyChange(demo.db, s.id, { action: 'include', frames: range });
    expect(first).toMatchObject({ changed: 10, description: 'include 10 frames', selection: { included: 10, undo: 'include 10 frames' } });
    // A repeat changes nothing and is not recorded.
    expect(applyChange(demo.db, s.id, { action: 'include', frames: range.slice(0, 3) })).toMatchObject({ changed: 0, description: null });
    expect(applyChange(demo.db, s.id, { action: 'exclude', frames: [range[0], range[0]] })).toMatchObject({ changed: 1, description: 'exclude 1 frame' });
    expect(applyChange(demo.db, s.id, { action: 'clear', frames: range })).toMatchObject({ changed: 10, selection: { included: 0, excluded: 0 } });
  });

  it('refuses frames the library does not have, naming them', () => {
    const s = fresh();
    const error = errorOf(() => applyChange(demo.db, s.id, { action: 'include', frames: [{ film: 'joker_2019', frame: 5 }] }));
    expect(error).toMatchObject({ param: 'frames' });
    expect(error.message).toContain('joker_2019');
    expect(errorOf(() => applyChange(demo.db, 99999, { action: 'include', frames: [{ film: 'the_hustle_2019', frame: 1 }] }))).toBeInstanceOf(NotFoundError);
  });

  it('includes and excludes all results of a query as one action, undone and redone whole', () => {
    const s = fresh();
    const twoFaces = frames.filter((r) => r.faces_found === 2);
    const result = applyChange(demo.db, s.id, { action: 'exclude', query: 'faces_found=2&_sort=brightness' });
    expect(result.changed).toBe(twoFaces.length);
    expect(result.description).toBe(`exclude ${twoFaces.length} frames: all results where faces_found = 2`);
    expect([...states(s.id).keys()].sort()).toEqual(twoFaces.map((r) => `${r.film}:${r.frame}`).sort());
    expect(undo(demo.db, s.id).selection).toMatchObject({ excluded: 0, undo: null, redo: result.description });
    expect(redo(demo.db, s.id).selection).toMatchObject({ excluded: twoFaces.length, redo: null });
    expect(errorOf(() => redo(demo.db, s.id))).toMatchObject({ param: 'redo' });
  });

  it('applies "all results" of a query that uses the selection itself', () => {
    const s = fresh();
    const members = frames.filter(isMcu).filter((r) => r.film === 'knives_out_2019');
    const result = applyChange(demo.db, s.id, { action: 'exclude', query: `film=knives_out_2019&_in_selection=${s.id}` });
    expect(result.changed).toBe(members.length);
    expect(getSelection(demo.db, s.id).members).toBe(frames.filter(isMcu).length - members.length);
  });

  it('undoes a query change, and a new action discards the redo stack', () => {
    const s = fresh();
    setSelectionQuery(demo.db, s.id, 'faces_found=3');
    expect(getSelection(demo.db, s.id)).toMatchObject({ query: 'faces_found=3', undo: 'change the query to where faces_found = 3' });
    undo(demo.db, s.id);
    expect(getSelection(demo.db, s.id).query).toBe(MCU);
    applyChange(demo.db, s.id, { action: 'include', frames: [{ film: 'the_hustle_2019', frame: 1 }] });
    expect(getSelection(demo.db, s.id)).toMatchObject({ query: MCU, redo: null });
    expect(setSelectionQuery(demo.db, s.id, MCU).changed).toBe(0);
  });

  it(`keeps the last ${HISTORY_LIMIT} actions`, () => {
    const s = fresh();
    for (let i = 0; i < HISTORY_LIMIT + 5; i++) {
      applyChange(demo.db, s.id, { action: i % 2 ? 'exclude' : 'include', frames: [{ film: 'the_hustle_2019', frame: 1 }] });
    }
    let undone = 0;
    while (getSelection(demo.db, s.id).undo !== null) {
      undo(demo.db, s.id);
      undone++;
    }
    expect(undone).toBe(HISTORY_LIMIT);
    expect(errorOf(() => undo(demo.db, s.id))).toBeInstanceOf(ConflictError);
  });
});

describe('membership filters', () => {
  it('_in_selection, _not_in_selection and _mark agree with a brute-force computation', () => {
    const s = fresh();
    applyChange(demo.db, s.id, { action: 'exclude', query: 'film=the_hustle_2019&p_emotion=happy' });
    applyChange(demo.db, s.id, { action: 'include', query: 'faces_found=4' });
    applyChange(demo.db, s.id, { action: 'include', frames: [{ film: 'knives_out_2019', frame: 1 }] });
    const manual = states(s.id);
    const mark = (r: FrameRow) => {
      const state = manual.get(`${r.film}:${r.frame}`);
      return state === 1 ? 'included' : state === 0 ? 'excluded' : isMcu(r) ? 'matched' : null;
    };
    const member = (r: FrameRow) => mark(r) === 'included' || mark(r) === 'matched';
    const key = (r: FrameRow) => `${r.film}:${r.frame}`;

    const inside = allFrames(`_in_selection=${s.id}`).map((f) => f.key);
    expect(inside).toEqual(frames.filter(member).map(key));
    expect(allFrames(`_not_in_selection=${s.id}`).map((f) => f.key)).toEqual(frames.filter((r) => !member(r)).map(key));
    expect(getSelection(demo.db, s.id).members).toBe(inside.length);
    const marked = allFrames(`_mark=${s.id}`);
    expect(marked.map((f) => f.selection)).toEqual(frames.map(mark));
    expect(new Set(marked.map((f) => f.selection))).toEqual(new Set(['included', 'excluded', 'matched', null]));
    // Combined with other filters and described in the sentence.
    const page = queryFrames(demo.db, new URLSearchParams(`film=knives_out_2019&_in_selection=${s.id}&_size=0`));
    expect(page.total).toBe(frames.filter((r) => r.film === 'knives_out_2019' && member(r)).length);
    expect(page.where).toBe(`where film = "knives_out_2019" and in selection "${s.name}"`);
    // Facets and histograms run the same clause in their own queries.
    const counted = queryFrames(demo.db, new URLSearchParams(`_in_selection=${s.id}&_facet=p_emotion&_histogram=faces_found&_size=0`));
    const emotions = new Map<string | null, number>();
    for (const r of frames.filter(member)) emotions.set(r.p_emotion, (emotions.get(r.p_emotion) ?? 0) + 1);
    expect(new Map(counted.facets.p_emotion.map((f) => [f.value, f.count]))).toEqual(emotions);
    expect(counted.histograms.faces_found.bins.reduce((n, b) => n + b.count, 0)).toBe(inside.length - counted.histograms.faces_found.nulls);
  });

  it('without _mark frames have no selection field', () => {
    expect(queryFrames(demo.db, new URLSearchParams('_size=1')).frames[0]).not.toHaveProperty('selection');
  });

  it.each([
    ['_in_selection=abc', '_in_selection'],
    ['_in_selection=0', '_in_selection'],
    ['_not_in_selection=99999', '_not_in_selection'],
    ['_mark=99999', '_mark'],
    ['_mark=1&_mark=2', '_mark'],
  ])('%s is a QueryError naming %s', (query, param) => {
    const error = errorOf(() => queryFrames(demo.db, new URLSearchParams(query)));
    expect(error).toBeInstanceOf(QueryError);
    expect(error).toMatchObject({ param });
  });
});
