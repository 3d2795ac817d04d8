/**
 * Ingests a moviegoer library into SQLite, film by film. Each film is read,
 * checked and written in one transaction; a film whose files are bad is
 * reported (one line naming film, file and problem) and the others still load.
 * Unchanged films are skipped unless `force` is set.
 */
import type { DB } from '@/lib/db/connection';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { FRAMES_DIR, PICKLES_DIR } from '@/lib/library/layout';
import { type FilmFiles, discoverFilms, fingerprintFilm } from './discover';
import { FilmError, readFilmMetadata } from './film-data';
import { describeImageProblems, matchFrameImages } from './images';
import { removeFilm, replaceFilm, storedFilms, storedFingerprint } from './store';

export { FilmError } from './film-data';

export interface IngestProgress {
  film: string;
  filmsDone: number;
  filmsTotal: number;
  framesDone: number;
}

export interface IngestOptions {
  force?: boolean;
  onProgress?: (progress: IngestProgress) => void;
}

export type FilmStatus = 'loaded' | 'skipped' | 'failed' | 'removed';

export interface FilmOutcome {
  film: string;
  status: FilmStatus;
  frames: number;
  /** Why the film failed, as one line naming film, file and problem. */
  error?: string;
  /** Problems that did not stop the film loading (rows without JPEGs, ...), each naming the film. */
  problems: string[];
}

export interface IngestReport {
  films: FilmOutcome[];
  failed: number;
  /** Films loaded with problems, or failed: what the CLI's exit code reports. */
  withProblems: number;
}

async function ingestFilm(db: DB, files: FilmFiles, fingerprint: string): Promise<FilmOutcome> {
  const metadata = await readFilmMetadata(files);
  const images = matchFrameImages(files.framesDir, files.film, metadata.frames.map((f) => f.frame));
  const problems = describeImageProblems(images);
  replaceFilm(db, files.film, fingerprint, metadata, images, problems);
  return {
    film: files.film,
    status: 'loaded',
    frames: metadata.frames.length,
    problems: problems.map((p) => `${files.film}: frame_per_second/${files.film}: ${p}`),
  };
}

/** A library root without either folder is a mistyped path, not an empty library: ingesting it would drop every film. */
export class LibraryError extends Error {}

export async function ingestLibrary(db: DB, libraryRoot: string, options: IngestOptions = {}): Promise<IngestReport> {
  if (![FRAMES_DIR, PICKLES_DIR].some((dir) => existsSync(path.join(libraryRoot, dir)))) {
    throw new LibraryError(`${libraryRoot}: not a moviegoer library (it has neither ${FRAMES_DIR}/ nor ${PICKLES_DIR}/)`);
  }
  const { films, ignored } = discoverFilms(libraryRoot);
  const outcomes: FilmOutcome[] = ignored.map((name) => ({
    film: name,
    status: 'failed',
    frames: 0,
    error: `${name}: folder name is not a snake_case film name, ignored`,
    problems: [],
  }));
  let framesDone = 0;
  for (const [done, files] of films.entries()) {
    options.onProgress?.({ film: files.film, filmsDone: done, filmsTotal: films.length, framesDone });
    const fingerprint = fingerprintFilm(files);
    if (!options.force && storedFingerprint(db, files.film) === fingerprint) {
      outcomes.push({ film: files.film, status: 'skipped', frames: 0, problems: [] });
      continue;
    }
    try {
      const outcome = await ingestFilm(db, files, fingerprint);
      framesDone += outcome.frames;
      outcomes.push(outcome);
    } catch (error) {
      if (!(error instanceof FilmError)) throw error;
      outcomes.push({ film: files.film, status: 'failed', frames: 0, error: error.message, problems: [] });
    }
  }
  options.onProgress?.({ film: '', filmsDone: films.length, filmsTotal: films.length, framesDone });

  // Fresh statistics for the query planner once the data changed (cheap: it only analyses what needs it).
  if (outcomes.some((o) => o.status === 'loaded')) db.pragma('optimize');

  const present = new Set(films.map((f) => f.film));
  for (const film of storedFilms(db)) {
    if (present.has(film)) continue;
    removeFilm(db, film);
    outcomes.push({ film, status: 'removed', frames: 0, problems: [] });
  }
  return {
    films: outcomes,
    failed: outcomes.filter((o) => o.status === 'failed').length,
    withProblems: outcomes.filter((o) => o.status === 'failed' || o.problems.length > 0).length,
  };
}
