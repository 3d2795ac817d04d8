/**
 * Near-duplicates in a real library (the demo's pickles, ingested, with
 * textured JPEGs in place of some frames, analysed by analyzeLibrary):
 * hashes stored and resumable, `_dupes_of`, and `_collapse` by shot and by
 * near-duplicate group, with totals and facets counting what is shown.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filmColours, makeScene, shotFrame } from '@/lib/dupes/synthetic';
import { filmFrameDir } from '../../helpers/library';
import { analyzeLibrary } from '@/lib/palette/analyze';
import { readHash } from '@/lib/dupes/store';
import { QueryError } from '@/lib/errors';
import { queryFrames } from '@/lib/query/frames';
import type { DemoDatabase } from '../../helpers/demo-db';
import { TEXTURED, texturedDemo } from '../../helpers/textured-demo';

let demo: DemoDatabase;
beforeAll(async () => {
  demo = await texturedDemo('dupes-library');
});
afterAll(() => demo.cleanup());

const q = (query: string) => queryFrames(demo.db, new URLSearchParams(query));
const keys = (query: string) => new Set(q(`${query}&_size=1000`).frames.map((f) => `${f.film}:${f.frame}`));
const count = (sql: string, ...params: unknown[]) => (demo.db.prepare(sql).get(...params) as { n: number }).n;

describe('the analysis', () => {
  it('hashed every frame with a JPEG, in the same pass as the palettes', () => {
    expect(count('SELECT count(*) AS n FROM frame_hashes WHERE hash_hi IS NOT NULL')).toBe(count('SELECT count(*) AS n FROM frames WHERE has_image = 1'));
    expect(readHash(demo.db, 'before_sunset_2004', 4)).not.toBeNull();
  });

  it('is resumable: a second run hashes nothing, and hashes lost (an older database) are redone without redoing palettes', async () => {
    const again = await analyzeLibrary(demo.db, demo.root, { thumbnailCache: null });
    expect(again).toMatchObject({ computed: 0, hashed: 0, failed: 0 });
    demo.db.prepare("DELETE FROM frame_hashes WHERE film = 'knives_out_2019'").run();
    const redo = await analyzeLibrary(demo.db, demo.root, { thumbnailCache: null });
    expect(redo).toMatchObject({ computed: 0, hashed: count("SELECT count(*) AS n FROM frames WHERE film = 'knives_out_2019' AND has_image = 1") });
  });

  it('hashes a changed JPEG again, with its palette', async () => {
    const before = readHash(demo.db, 'the_hustle_2019', 1);
    const file = path.join(filmFrameDir(demo.root, 'the_hustle_2019'), 'the_hustle_2019_frame_1.jpg');
    writeFileSync(file, await shotFrame(await makeScene(480, 270, filmColours(9), 99), 0, 0, 1));
    const later = new Date(Date.now() + 5000);
    utimesSync(file, later, later);
    const report = await analyzeLibrary(demo.db, demo.root, { thumbnailCache: null });
    expect(report).toMatchObject({ computed: 1, hashed: 1, failed: 0 });
    const after = readHash(demo.db, 'the_hustle_2019', 1);
    expect(after).not.toEqual(before);
  });
});

describe('_dupes_of', () => {
  const { shotA, shotB, shotC, copies, flat } = TEXTURED;
  const original = `${shotA.film}:${shotA.frames[0]}`;

  it('finds the re-encoded, brightened and cropped copies in another film, and the frame itself', () => {
    const found = keys(`_dupes_of=${original}`);
    expect(found.has(original)).toBe(true);
    for (const frame of copies.frames) expect(found.has(`${copies.film}:${frame}`)).toBe(true);
  });

  it('finds no frame of another shot, of the same film or another', () => {
    const found = keys(`_dupes_of=${original}&_dupe_distance=10`);
    for (const frame of shotB.frames) expect(found.has(`${shotB.film}:${frame}`)).toBe(false);
    for (const frame of shotC.frames) expect(found.has(`${shotC.film}:${frame}`)).toBe(false);
  });

  it('a flat red frame does not match a flat blue one', () => {
    const found = keys(`_dupes_of=${flat.film}:${flat.red}`);
    expect(found.has(`${flat.film}:${flat.red}`)).toBe(true);
    expect(found.has(`${flat.film}:${flat.blue}`)).toBe(false);
  });

  it('combines with other filters, and says what it did in where', () => {
    const page = q(`_dupes_of=${original}&film=${copies.film}`);
    expect(page.frames.map((f) => f.frame)).toEqual(copies.frames);
    expect(page.where).toBe(`where film = "${copies.film}" and near-duplicate (within 8 bits) of ${shotA.film} frame ${shotA.frames[0]}`);
  });

  it.each([
    ['_dupes_of=nope', '_dupes_of'],
    ['_dupes_of=before_sunset_2004:99999', '_dupes_of'],
    [`_dupes_of=${original}&_dupe_distance=17`, '_dupe_distance'],
    [`_dupes_of=${original}&_dupe_distance=a`, '_dupe_distance'],
    ['_dupe_distance=4', '_dupe_distance'],
  ])('%s is refused, naming %s', (query, param) => {
    expect(() => q(query)).toThrow(QueryError);
    try {
      q(query);
    } catch (error) {
      expect((error as QueryError).param).toBe(param);
    }
  });
});

describe('_collapse', () => {
  it('shot: one frame per shot, the largest primary face, with the shot size and a query that opens it', () => {
    const film = 'before_sunset_2004';
    const shots = demo.db
      .prepare(
        'SELECT shot_id, count(*) AS n, max(p_face_size) AS biggest, ' +
          '(SELECT min(g.frame) FROM frames AS g WHERE g.film = f.film AND g.shot_id = f.shot_id AND g.p_face_size IS max(f.p_face_size)) AS first_biggest ' +
          'FROM frames AS f WHERE film = ? GROUP BY shot_id',
      )
      .all(film) as Array<{ shot_id: number; n: number; biggest: number | null; first_biggest: number }>;
    const page = q(`film=${film}&_collapse=shot&_size=1000`);
    expect(page.total).toBe(shots.length);
    expect(page.frames).toHaveLength(shots.length);
    expect(page.where).toMatch(/one frame per shot .*counts are of the frames shown/);
    for (const frame of page.frames) {
      const shot = shots.find((s) => s.shot_id === frame.shot_id)!;
      expect(frame.group?.size).toBe(shot.n);
      expect(frame.p_face_size ?? null).toBe(shot.biggest);
      // Ties (and shots without a face) go to the earliest frame.
      expect(frame.frame).toBe(shot.first_biggest);
      if (shot.n > 1) expect(q(`${frame.group!.open}&_size=1000`).total).toBe(shot.n);
      else expect(frame.group?.open).toBeNull();
    }
  });

  it('counts facets over what is shown', () => {
    const page = q('_collapse=shot&_facet=p_emotion&_size=0');
    const total = page.facets.p_emotion.reduce((sum, v) => sum + v.count, 0);
    expect(total).toBe(page.total);
    expect(page.total).toBe(count('SELECT count(*) AS n FROM (SELECT DISTINCT film, shot_id FROM frames)'));
  });

  it('a frame without a shot_id is a group of its own', () => {
    demo.db.prepare("UPDATE frames SET shot_id = NULL WHERE film = 'the_hustle_2019' AND frame BETWEEN 283 AND 290").run();
    try {
      const page = q('film=the_hustle_2019&frame__gte=283&frame__lte=300&_collapse=shot&_size=100');
      expect(page.frames.filter((f) => f.shot_id === null).map((f) => f.frame)).toEqual([283, 284, 285, 286, 287, 288, 289, 290]);
      expect(page.frames.filter((f) => f.shot_id === null).every((f) => f.group?.size === 1)).toBe(true);
    } finally {
      demo.db.prepare("UPDATE frames SET shot_id = 68 WHERE film = 'the_hustle_2019' AND frame BETWEEN 283 AND 290").run();
    }
  });

  it('dupes: the copies and their original are one tile, whose group opens them', () => {
    const { shotA, copies } = TEXTURED;
    const scope = `film=${shotA.film}&film=${copies.film}&frame__lte=11`;
    const page = q(`${scope}&_collapse=dupes&_size=1000`);
    const group = [`${shotA.film}:4`, ...copies.frames.map((f) => `${copies.film}:${f}`)];
    const shown = page.frames.filter((f) => group.includes(`${f.film}:${f.frame}`));
    expect(shown).toHaveLength(1);
    expect(shown[0].group!.size).toBeGreaterThanOrEqual(4);
    const opened = keys(shown[0].group!.open!);
    for (const key of group) expect(opened.has(key)).toBe(true);
    // Every matching frame is in exactly one shown group.
    expect(page.frames.reduce((sum, f) => sum + f.group!.size, 0)).toBe(q(`${scope}&_size=0`).total);
  });

  it('is refused with another value', () => {
    expect(() => q('_collapse=scene')).toThrow(/_collapse: must be shot or dupes/);
  });
});
