/**
 * Selections are user work: a re-ingest replaces films' frames but never
 * touches selections; changes whose frames disappeared are reported, kept,
 * and come back into effect if the frames return.
 */
import { copyFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestLibrary } from '@/lib/ingest';
import { queryFrames } from '@/lib/query/frames';
import { applyChange, createSelection, getSelection, undo } from '@/lib/selections';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';
import { filmPickleDir, fixturePickle } from '../../helpers/library';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
let demo: DemoDatabase;
let id: number;
let before: ReturnType<typeof getSelection>;

const knives = (frames: number[]) => frames.map((frame) => ({ film: 'knives_out_2019', frame }));
const count = (query: string) => queryFrames(demo.db, new URLSearchParams(`${query}&_size=0`)).total;

beforeAll(async () => {
  demo = await demoDatabase('reingest', { copyLibrary: true });
  id = createSelection(demo.db, { name: 'kept', query: MCU }).id;
  applyChange(demo.db, id, { action: 'include', frames: knives([1, 2, 30, 250, 251]) });
  applyChange(demo.db, id, { action: 'exclude', frames: knives([200, 201]) });
  applyChange(demo.db, id, { action: 'exclude', frames: [{ film: 'the_hustle_2019', frame: 20 }] });
  before = getSelection(demo.db, id);
});
afterAll(() => demo.cleanup());

describe('re-ingest', () => {
  it('a forced re-ingest of every film keeps selections as they were', async () => {
    const report = await ingestLibrary(demo.db, demo.root, { force: true });
    expect(report.films.every((f) => f.status === 'loaded')).toBe(true);
    expect(getSelection(demo.db, id)).toEqual({ ...before, missing: [] });
  });

  it('reports, and keeps, the changes of frames a film lost', async () => {
    // knives_out_2019's pickles replaced by ones with 40 rows: frames 41-260 disappear.
    const pickles = filmPickleDir(demo.root, 'knives_out_2019');
    for (const name of ['face_df', 'vision_df', 'srt_df']) renameSync(path.join(pickles, `${name}.pkl`), path.join(pickles, `${name}.pkl.demo`));
    for (const name of ['face_df', 'vision_df', 'srt_df']) copyFileSync(fixturePickle('pandas-1.5', name, 4), path.join(pickles, `${name}.pkl`));
    const report = await ingestLibrary(demo.db, demo.root);
    expect(report.films.find((f) => f.film === 'knives_out_2019')).toMatchObject({ status: 'loaded', frames: 40 });

    const after = getSelection(demo.db, id);
    expect(after.missing).toEqual([
      { film: 'knives_out_2019', frame: 200, state: 'excluded' },
      { film: 'knives_out_2019', frame: 201, state: 'excluded' },
      { film: 'knives_out_2019', frame: 250, state: 'included' },
      { film: 'knives_out_2019', frame: 251, state: 'included' },
    ]);
    expect(after).toMatchObject({ included: before.included, excluded: before.excluded });
    // Members are frames that exist: the two included frames that are gone no longer count.
    expect(after.members).toBe(count(`_in_selection=${id}`));
    expect(count(`film=knives_out_2019&_in_selection=${id}`)).toBe(count(`film=knives_out_2019&${MCU}`) + 3 - count(`film=knives_out_2019&frame__in=1,2,30&${MCU}`));
    // A missing frame cannot be newly marked, but can be cleared; undo brings the change back.
    expect(() => applyChange(demo.db, id, { action: 'include', frames: knives([250]) })).toThrow(/no frame 250 in film "knives_out_2019"/);
    expect(applyChange(demo.db, id, { action: 'clear', frames: knives([250]) }).changed).toBe(1);
    expect(getSelection(demo.db, id).missing).toHaveLength(3);
    undo(demo.db, id);
    expect(getSelection(demo.db, id).missing).toHaveLength(4);
  });

  it('the changes apply again when the frames come back', async () => {
    const pickles = filmPickleDir(demo.root, 'knives_out_2019');
    for (const name of ['face_df', 'vision_df', 'srt_df']) renameSync(path.join(pickles, `${name}.pkl.demo`), path.join(pickles, `${name}.pkl`));
    await ingestLibrary(demo.db, demo.root, { force: true });
    expect(getSelection(demo.db, id)).toMatchObject({ members: before.members, missing: [] });
  });
});
