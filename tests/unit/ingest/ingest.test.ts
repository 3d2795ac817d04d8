import { copyFileSync, rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type DB, openDatabase } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';
import { rgbToLab } from '@/lib/color/lab';
import { addFilm, filmFrameDir, filmPickleDir, fixturePickle, makeTempDir, writeJpeg } from '../../helpers/library';
import { listFixtures, normaliseTruth } from '../../helpers/pickle-truth';

const FRAMES = Array.from({ length: 40 }, (_, i) => i + 1);

function truthOf(pandas: string, name: string, protocol: number) {
  const fixture = listFixtures().find((f) => f.pickle === fixturePickle(pandas, name, protocol))!;
  const truth = fixture.truth();
  return Object.fromEntries(truth.columns.map((c) => [c.name, normaliseTruth(c.values) as unknown[]]));
}

const asNumber = (v: unknown) => (v && typeof v === 'object' && '$float' in v ? null : (v as number | null));

let root: string;
let cleanup: () => void;
let db: DB;

beforeEach(async () => {
  ({ dir: root, cleanup } = makeTempDir('ingest'));
  await addFilm(root, { film: 'old_pandas_2001', pandas: 'pandas-1.5', protocol: 4, frames: FRAMES, width: 192, height: 80 });
  await addFilm(root, { film: 'new_pandas_2024', pandas: 'pandas-3.0', protocol: 5, frames: FRAMES });
  db = openDatabase(path.join(root, 'db', 'test.db'));
});

afterEach(() => {
  db.close();
  cleanup();
});

describe('ingestLibrary', () => {
  it('loads every frame of every film with faces, derived columns and subtitles', async () => {
    const report = await ingestLibrary(db, root);
    expect(report.failed).toBe(0);
    expect(report.films.map((f) => [f.film, f.status, f.frames])).toEqual([
      ['new_pandas_2024', 'loaded', 40],
      ['old_pandas_2001', 'loaded', 40],
    ]);

    const face = truthOf('pandas-1.5', 'face_df', 4);
    const vision = truthOf('pandas-1.5', 'vision_df', 4);
    const rows = db.prepare("SELECT * FROM frames WHERE film = 'old_pandas_2001' ORDER BY frame").all() as Record<string, unknown>[];
    expect(rows).toHaveLength(40);
    rows.forEach((row, i) => {
      const sizes = face.face_sizes[i] as number[];
      expect(row.p_face_size).toBe(sizes.length ? sizes[0] : null);
      expect(row.faces_found).toBe(face.faces_found[i]);
      expect(row.prim_char_flag).toBe(face.prim_char_flag[i]);
      expect(row.p_emotion).toBe(face.p_emotion[i]);
      expect(row.p_open_mouth).toBe(asNumber(face.p_open_mouth[i]));
      expect(row.p_horizontal_distance).toBe(asNumber(face.p_horizontal_distance[i]));
      expect(row.brightness).toBe(vision.brightness[i]);
      expect(row.red).toBe(vision.red[i]);
      expect(row.shot_id).toBe(vision.shot_id[i]);
      expect(row.blank).toBe(vision.blank[i]);
      expect([row.width, row.height, row.has_image]).toEqual([192, 80, 1]);
      const lab = rgbToLab(vision.red[i] as number, vision.green[i] as number, vision.blue[i] as number);
      expect([row.lab_l, row.lab_a, row.lab_b]).toEqual([lab.l, lab.a, lab.b]);
    });

    const faces = db.prepare("SELECT * FROM faces WHERE film = 'old_pandas_2001' ORDER BY frame, face_index").all() as Array<Record<string, unknown>>;
    const expected = FRAMES.flatMap((frame, i) =>
      (face.face_locations[i] as number[][]).map((box, faceIndex) => ({ frame, faceIndex, box, size: (face.face_sizes[i] as number[])[faceIndex], encoding: (face.face_encodings[i] as Array<{ $ndarray: { values: number[] } }>)[faceIndex] })),
    );
    expect(faces).toHaveLength(expected.length);
    faces.forEach((row, i) => {
      const e = expected[i];
      expect([row.frame, row.face_index, row.top, row.right, row.bottom, row.left, row.size]).toEqual([e.frame, e.faceIndex, ...e.box, e.size]);
      const stored = new Float32Array(new Uint8Array(row.encoding as Buffer).buffer);
      expect(Array.from(stored)).toEqual(Array.from(Float32Array.from(e.encoding.$ndarray.values)));
    });

    const subtitles = db.prepare("SELECT srt_index, first_frame, last_frame, text FROM subtitles WHERE film = 'old_pandas_2001' ORDER BY srt_index").all() as Array<Record<string, unknown>>;
    // 00:00:01.000000 -> 1, 00:00:03.250000 -> 3; 00:00:03.500000 -> 4 (half up), 00:00:04.499999 -> 4; 00:00:05.999999 -> 6
    expect(subtitles.slice(0, 3).map((s) => [s.first_frame, s.last_frame])).toEqual([[1, 3], [4, 4], [6, 7]]);
  });

  it('reads pandas 3 pickles (RangeIndex frames, str columns) into the same rows as pandas 1.5', async () => {
    await ingestLibrary(db, root);
    const columns = 'frame, faces_found, prim_char_flag, p_center_alignment, p_emotion, p_face_size, p_open_mouth, blank, brightness, red, green, blue, shot_id';
    const old = db.prepare(`SELECT ${columns} FROM frames WHERE film = 'old_pandas_2001' ORDER BY frame`).all();
    const fresh = db.prepare(`SELECT ${columns} FROM frames WHERE film = 'new_pandas_2024' ORDER BY frame`).all();
    expect(fresh).toEqual(old);
  });

  it('skips unchanged films, reloads with force, and keeps answers identical', async () => {
    await ingestLibrary(db, root);
    const snapshot = db.prepare('SELECT * FROM frames ORDER BY film, frame').all();
    const again = await ingestLibrary(db, root);
    expect(again.films.map((f) => f.status)).toEqual(['skipped', 'skipped']);
    const forced = await ingestLibrary(db, root, { force: true });
    expect(forced.films.map((f) => f.status)).toEqual(['loaded', 'loaded']);
    expect(db.prepare('SELECT * FROM frames ORDER BY film, frame').all()).toEqual(snapshot);
  });

  it('reports a film with a corrupt pickle in one line naming film and file, and loads the others', async () => {
    const face = path.join(filmPickleDir(root, 'new_pandas_2024'), 'face_df.pkl');
    writeFileSync(face, readFileSync(face).subarray(0, 500));
    const report = await ingestLibrary(db, root);
    const failed = report.films.find((f) => f.film === 'new_pandas_2024')!;
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^new_pandas_2024: new_pandas_2024\/face_df\.pkl: truncated file/);
    expect(failed.error).not.toContain('\n');
    expect(report.films.find((f) => f.film === 'old_pandas_2001')!.status).toBe('loaded');
    expect(report.failed).toBe(1);
  });

  it('names a missing dataframe and missing columns', async () => {
    unlinkSync(path.join(filmPickleDir(root, 'new_pandas_2024'), 'vision_df.pkl'));
    // srt_df's columns are not face_df's: the film's face_df now lacks every face column
    copyFileSync(fixturePickle('pandas-1.5', 'srt_df', 4), path.join(filmPickleDir(root, 'old_pandas_2001'), 'face_df.pkl'));
    const report = await ingestLibrary(db, root);
    expect(report.films.map((f) => f.error)).toEqual([
      'new_pandas_2024: new_pandas_2024/vision_df.pkl: missing dataframe',
      'old_pandas_2001: old_pandas_2001/face_df.pkl: missing columns face_locations, face_sizes, faces_found, prim_char_flag, p_center_alignment, p_horizontal_distance, p_open_mouth, p_face_cluster, p_emotion',
    ]);
  });

  it('flags rows without JPEGs and JPEGs without rows', async () => {
    unlinkSync(path.join(filmFrameDir(root, 'old_pandas_2001'), 'old_pandas_2001_frame_7.jpg'));
    await writeJpeg(path.join(filmFrameDir(root, 'old_pandas_2001'), 'old_pandas_2001_frame_41.jpg'), 192, 80);
    writeFileSync(path.join(filmFrameDir(root, 'old_pandas_2001'), 'old_pandas_2001_frame_3.jpg'), 'not a jpeg');
    const report = await ingestLibrary(db, root);
    const film = report.films.find((f) => f.film === 'old_pandas_2001')!;
    expect(film.status).toBe('loaded');
    expect(film.problems).toEqual([
      'old_pandas_2001: frame_per_second/old_pandas_2001: 1 rows without JPEGs (frames 7)',
      'old_pandas_2001: frame_per_second/old_pandas_2001: 1 JPEGs that are not readable JPEGs (frames 3)',
      'old_pandas_2001: frame_per_second/old_pandas_2001: 1 JPEGs without rows (frames 41)',
    ]);
    expect(report.withProblems).toBe(1);
    const rows = db.prepare("SELECT frame, has_image, width FROM frames WHERE film = 'old_pandas_2001' AND frame IN (3, 7, 8) ORDER BY frame").all();
    expect(rows).toEqual([{ frame: 3, has_image: 1, width: null }, { frame: 7, has_image: 0, width: null }, { frame: 8, has_image: 1, width: 192 }]);
    const stored = db.prepare("SELECT problems FROM films WHERE film = 'old_pandas_2001'").get() as { problems: string };
    expect(JSON.parse(stored.problems)).toHaveLength(3);
  });

  it('replaces a film atomically: a reader sees the old film or the new one, never half', async () => {
    await ingestLibrary(db, root);
    const reader = openDatabase(path.join(root, 'db', 'test.db'), { readonly: true });
    const count = reader.prepare("SELECT count(*) AS n, sum(has_image) AS images FROM frames WHERE film = 'old_pandas_2001'");
    expect(count.get()).toEqual({ n: 40, images: 40 });
    reader.exec('BEGIN');
    expect(count.get()).toEqual({ n: 40, images: 40 });
    unlinkSync(path.join(filmFrameDir(root, 'old_pandas_2001'), 'old_pandas_2001_frame_10.jpg'));
    const report = await ingestLibrary(db, root);
    expect(report.films.find((f) => f.film === 'old_pandas_2001')!.status).toBe('loaded');
    expect(count.get()).toEqual({ n: 40, images: 40 }); // the open read transaction still sees the old film whole
    reader.exec('COMMIT');
    expect(count.get()).toEqual({ n: 40, images: 39 }); // and then the new one whole
    reader.close();
  });

  it('refuses a path that is not a library instead of dropping every film', async () => {
    await ingestLibrary(db, root);
    await expect(ingestLibrary(db, path.join(root, 'no_such_folder'))).rejects.toThrow(/no_such_folder: not a moviegoer library/);
    expect(db.prepare('SELECT count(*) AS n FROM films').get()).toEqual({ n: 2 });
  });

  it('never touches the user tables and drops films that left the library', async () => {
    db.exec('CREATE TABLE user_work (film TEXT, frame INTEGER)');
    db.prepare("INSERT INTO user_work VALUES ('old_pandas_2001', 5), ('new_pandas_2024', 9)").run();
    await ingestLibrary(db, root);
    rmSync(filmPickleDir(root, 'new_pandas_2024'), { recursive: true });
    rmSync(filmFrameDir(root, 'new_pandas_2024'), { recursive: true });
    const report = await ingestLibrary(db, root, { force: true });
    expect(report.films.map((f) => [f.film, f.status])).toEqual([['old_pandas_2001', 'loaded'], ['new_pandas_2024', 'removed']]);
    expect(db.prepare('SELECT count(*) AS n FROM frames WHERE film = ?').get('new_pandas_2024')).toEqual({ n: 0 });
    expect(db.prepare('SELECT * FROM user_work ORDER BY frame').all()).toEqual([{ film: 'old_pandas_2001', frame: 5 }, { film: 'new_pandas_2024', frame: 9 }]);
  });
});
