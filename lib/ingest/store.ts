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
import { FACE_COLUMNS, FRAME_COLUMN_NAMES, SUBTITLE_COLUMNS, type FrameRow } from '@/lib/db/columns';

/** INSERT of every column of `table`, bound by name. */
function insertAll(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`;
}

function prepare(db: DB) {
  return {
    deleteFilm: db.prepare('DELETE FROM films WHERE film = ?'),
    insertFilm: db.prepare(
      'INSERT INTO films (film, frame_count, fingerprint, ingested_at, problems) VALUES (@film, @frame_count, @fingerprint, @ingested_at, @problems)',
    ),
    insertFrame: db.prepare(insertAll('frames', FRAME_COLUMN_NAMES)),
    insertFace: db.prepare(insertAll('faces', Object.keys(FACE_COLUMNS))),
    insertSubtitle: db.prepare(insertAll('subtitles', Object.keys(SUBTITLE_COLUMNS))),
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
      const stored: FrameRow = {
        ...row,
        film,
        width: size?.width ?? null,
        height: size?.height ?? null,
        has_image: images.present[i] ? 1 : 0,
        lab_l: lab?.l ?? null,
        lab_a: lab?.a ?? null,
        lab_b: lab?.b ?? null,
      };
      s.insertFrame.run(stored);
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
