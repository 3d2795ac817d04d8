/**
 * A small library written straight into a real SQLite file: a few hundred
 * frames of three films with faces and subtitles, drawn from a seeded
 * generator so every run (and every failure) sees the same rows. The rows are
 * returned too, for brute-force checks in JS.
 */
import { rgbToLab } from '@/lib/color/lab';
import { seededRandom } from '@/lib/seeded-random';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type DB } from '@/lib/db/connection';
import { FRAME_COLUMN_NAMES, type FaceRow, type FrameRow, type SubtitleRow } from '@/lib/db/columns';

export type FixtureFace = Omit<FaceRow, 'encoding'>;
export type FixtureSubtitle = SubtitleRow;

export interface Library {
  db: DB;
  dir: string;
  films: Array<{ film: string; problems: string[] }>;
  frames: FrameRow[];
  faces: FixtureFace[];
  subtitles: FixtureSubtitle[];
  close(): void;
}

// Odd strings on purpose: LIKE wildcards, a backslash, a quote, a `$&` replacement pattern, case.
export const EMOTIONS = ['happy', 'sad', 'neutral', 'fear', 'Happy', 'ha%py', 'ha_py', 'back\\slash', "o'brien", '$&x'];

const FILMS = [
  { film: 'before_sunset_2004', frames: 150, problems: [] },
  { film: 'joker_2019', frames: 120, problems: ['frame 7: JPEG missing', 'frame 9: JPEG missing'] },
  { film: 'the_hustle_2019', frames: 100, problems: [] },
];

/** `scale` multiplies every film's length, for tests that need more rows than the default few hundred. */
export function makeLibrary(seed = 20190510, scale = 1): Library {
  const rand = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const maybe = <T>(value: T, nullChance = 0.2): T | null => (rand() < nullChance ? null : value);

  const frames: FrameRow[] = [];
  const faces: FixtureFace[] = [];
  const subtitles: FixtureSubtitle[] = [];
  for (const { film, frames: unscaled } of FILMS) {
    const count = unscaled * scale;
    for (let frame = 1; frame <= count; frame++) {
      if (frame > 1 && rand() < 0.08) continue; // gaps: neighbours must skip missing frames
      const faceCount = maybe(int(0, 3), 0.1);
      const primary = faceCount === null ? null : faceCount > 0 && rand() < 0.8 ? 1 : 0;
      const primaryFace = faceCount !== null && faceCount > 0;
      const red = maybe(int(0, 255), 0.1);
      const green = maybe(int(0, 255), 0.1);
      const blue = maybe(int(0, 255), 0.1);
      const lab = red === null || green === null || blue === null ? null : rgbToLab(red, green, blue);
      frames.push({
        film,
        frame,
        faces_found: faceCount,
        prim_char_flag: primary,
        p_center_alignment: primaryFace ? pick(['left', 'right', null]) : null,
        p_horizontal_distance: primaryFace ? maybe(int(0, 900)) : null,
        p_open_mouth: primaryFace ? maybe(pick([0, 1])) : null,
        p_face_cluster: primaryFace ? maybe(int(0, 12)) : null,
        p_emotion: primaryFace ? maybe(pick(EMOTIONS)) : null,
        p_face_size: primaryFace ? int(1, 300) / 10 : null, // one decimal: many ties, reals compared exactly
        blank: rand() < 0.1 ? pick(['black', 'white']) : null,
        aspect_ratio: maybe(pick([2.39, 1.85, 1.78])),
        brightness: maybe(int(0, 255), 0.1),
        contrast: maybe(int(0, 90), 0.1),
        red,
        green,
        blue,
        shot_cluster: maybe(int(0, 20)),
        shot_id: maybe(Math.ceil(frame / 5)),
        width: maybe(1920, 0.05),
        height: maybe(pick([800, 1080]), 0.05),
        has_image: rand() < 0.9 ? 1 : 0,
        lab_l: lab?.l ?? null,
        lab_a: lab?.a ?? null,
        lab_b: lab?.b ?? null,
      });
      for (let i = 0; i < (faceCount ?? 0); i++) {
        const top = int(0, 600);
        const left = int(0, 1500);
        const side = int(20, 300);
        faces.push({ film, frame, face_index: i, top, right: left + side, bottom: top + side, left, size: maybe(int(1, 300) / 10, 0.05) });
      }
    }
    let second = 0;
    for (let srt = 1; second < count; srt++) {
      const start = second + int(0, 4) + rand();
      const end = start + 0.5 + rand() * 4;
      subtitles.push({
        film,
        srt_index: srt,
        start_seconds: start,
        end_seconds: end,
        first_frame: Math.round(start),
        last_frame: Math.round(end),
        text: `line ${srt} of ${film}`,
      });
      second = Math.round(end) - int(0, 1); // sometimes overlapping: a frame can show two lines
    }
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'stillroom-query-'));
  const db = openDatabase(path.join(dir, 'library.db'));
  const insertFilm = db.prepare("INSERT INTO films (film, frame_count, fingerprint, ingested_at, problems) VALUES (?, ?, 'test', '2024-01-01', ?)");
  const insertFrame = db.prepare(
    `INSERT INTO frames (${FRAME_COLUMN_NAMES.join(', ')}) VALUES (${FRAME_COLUMN_NAMES.map((c) => `@${c}`).join(', ')})`,
  );
  const insertFace = db.prepare(
    'INSERT INTO faces (film, frame, face_index, top, right, bottom, left, size) VALUES (@film, @frame, @face_index, @top, @right, @bottom, @left, @size)',
  );
  const insertSubtitle = db.prepare(
    'INSERT INTO subtitles (film, srt_index, start_seconds, end_seconds, first_frame, last_frame, text) ' +
      'VALUES (@film, @srt_index, @start_seconds, @end_seconds, @first_frame, @last_frame, @text)',
  );
  db.transaction(() => {
    for (const { film, frames: count, problems } of FILMS) insertFilm.run(film, count * scale, JSON.stringify(problems));
    for (const row of frames) insertFrame.run(row);
    for (const face of faces) insertFace.run(face);
    for (const line of subtitles) insertSubtitle.run(line);
  }).immediate();

  return {
    db,
    dir,
    films: FILMS.map(({ film, problems }) => ({ film, problems })),
    frames,
    faces,
    subtitles,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
