/**
 * Writes a film's ingested metadata. A film is replaced as a whole in one
 * immediate transaction, so a reader (the browser) sees the old film or the
 * new one, never half of either.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import type { FilmMetadata } from './film-data';
import type { FrameImages } from './images';
import { rgbToLab } from '@/lib/color/lab';
import { FRAME_COLUMN_NAMES, quoted } from '@/lib/query/columns';


function prepare(db: DB) {
  return {
    deleteFilm: db.prepare('DELETE FROM films WHERE film = ?'),
    insertFilm: db.prepare(
      'INSERT INTO films (film, frame_count, fingerprint, ingested_at, problems) VALUES (@film, @frame_count, @fingerprint, @ingested_at, @problems)',
    ),
    insertFrame: db.prepare(`INSERT INTO frames (${FRAME_COLUMN_NAMES.map(quoted).join(', ')}) VALUES (${FRAME_COLUMN_NAMES.map((c) => `@${c}`).join(', ')})`),
    insertFace: db.prepare(
      'INSERT INTO faces (film, frame, face_index, top, right, bottom, left, size, encoding) VALUES (@film, @frame, @face_index, @top, @right, @bottom, @left, @size, @encoding)',
    ),
    insertSubtitle: db.prepare(
      'INSERT INTO subtitles (film, srt_index, start_seconds, end_seconds, first_frame, last_frame, text) VALUES (@film, @srt_index, @start_seconds, @end_seconds, @first_frame, @last_frame, @text)',
    ),
    fingerprint: db.prepare<[string], { fingerprint: string }>('SELECT fingerprint FROM films WHERE film = ?'),
    films: db.prepare<[], { film: string }>('SELECT film FROM films ORDER BY film'),
  };
}

const statements = preparedFor(prepare);

export function storedFingerprint(db: DB, film: string): string | null {
  return statements(db).fingerprint.get(film)?.fingerprint ?? null;
}

export function storedFilms(db: DB): string[] {
  return statements(db).films.all().map((row) => row.film);
}

export function replaceFilm(db: DB, film: string, fingerprint: string, metadata: FilmMetadata, images: FrameImages, problems: string[]): void {
  const s = statements(db);
  db.transaction(() => {
    s.deleteFilm.run(film);
    s.insertFilm.run({ film, frame_count: metadata.frames.length, fingerprint, ingested_at: new Date().toISOString(), problems: JSON.stringify(problems) });
    metadata.frames.forEach((row, i) => {
      const size = images.sizes[i];
      const lab = row.red === null || row.green === null || row.blue === null ? null : rgbToLab(row.red, row.green, row.blue);
      s.insertFrame.run({
        ...row,
        film,
        width: size?.width ?? null,
        height: size?.height ?? null,
        has_image: images.present[i] ? 1 : 0,
        lab_l: lab?.l ?? null,
        lab_a: lab?.a ?? null,
        lab_b: lab?.b ?? null,
      });
    });
    for (const face of metadata.faces) s.insertFace.run({ ...face, film });
    for (const line of metadata.subtitles) s.insertSubtitle.run({ ...line, film });
  }).immediate();
}

/** Drops the ingested metadata of films no longer in the library; the user's own tables are untouched. */
export function removeFilm(db: DB, film: string): void {
  db.transaction(() => {
    statements(db).deleteFilm.run(film);
  }).immediate();
}
