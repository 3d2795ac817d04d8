/**
 * Finds the films of a moviegoer library: the folders under
 * frame_per_second/ and serialized_objects/, and a fingerprint of each
 * film's files so that an unchanged film can be skipped on re-ingest.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { FILM_NAME, FRAMES_DIR, PICKLES_DIR } from '@/lib/library/layout';

/** The dataframes ingest reads; the others (subtitle_df, sentence_df, intermediates) are ignored. */
export const PICKLES = ['face_df', 'vision_df', 'srt_df'] as const;
export type PickleName = (typeof PICKLES)[number];

export interface FilmFiles {
  film: string;
  framesDir: string;
  picklesDir: string;
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export function discoverFilms(libraryRoot: string): { films: FilmFiles[]; ignored: string[] } {
  const framesRoot = path.join(libraryRoot, FRAMES_DIR);
  const picklesRoot = path.join(libraryRoot, PICKLES_DIR);
  const names = new Set([...subfolders(framesRoot), ...subfolders(picklesRoot)]);
  const films: FilmFiles[] = [];
  const ignored: string[] = [];
  for (const film of [...names].sort()) {
    if (!FILM_NAME.test(film)) {
      ignored.push(film);
      continue;
    }
    films.push({ film, framesDir: path.join(framesRoot, film), picklesDir: path.join(picklesRoot, film) });
  }
  return { films, ignored };
}

export function picklePath(files: FilmFiles, name: PickleName): string {
  return path.join(files.picklesDir, `${name}.pkl`);
}

function statLine(file: string): string {
  try {
    const stat = statSync(file);
    return `${path.basename(file)}:${stat.size}:${stat.mtimeMs}`;
  } catch {
    return `${path.basename(file)}:missing`;
  }
}

/**
 * Changes whenever a pickle is rewritten or a JPEG is added, removed or
 * renamed (which touches the folder's mtime). A JPEG rewritten in place keeps
 * the fingerprint: use --force after editing frames by hand.
 */
export function fingerprintFilm(files: FilmFiles): string {
  const hash = createHash('sha256');
  for (const name of PICKLES) hash.update(statLine(picklePath(files, name)) + '\n');
  hash.update(statLine(files.framesDir));
  return hash.digest('hex').slice(0, 32);
}
