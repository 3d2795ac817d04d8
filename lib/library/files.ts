/**
 * Turns a film name and frame number from a URL into a JPEG path inside the
 * library, and nowhere else. Names are checked against a strict pattern, and
 * the resolved path (symlinks followed) must stay under the library root's
 * own real path.
 */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { QueryError } from '@/lib/errors';
import { FILM_NAME, FRAMES_DIR, frameFileName } from './layout';

/** A positive integer in canonical form: no sign, no leading zeros, at most 10 digits. */
const FRAME_NUMBER = /^[1-9][0-9]{0,9}$/;

/** The film name if `raw` is one moviegoer could have written, else null. */
export function parseFilm(raw: string): string | null {
  return FILM_NAME.test(raw) ? raw : null;
}

/** The frame number if `raw` is a canonical positive integer, else null. */
export function parseFrame(raw: string): number | null {
  return FRAME_NUMBER.test(raw) ? Number(raw) : null;
}

/** A film and frame from a URL's path, or a QueryError naming the part that is malformed. */
export function parseFrameRef(rawFilm: string, rawFrame: string): { film: string; frame: number } {
  const film = parseFilm(rawFilm);
  if (film === null) throw new QueryError('film', 'must be a snake_case film name (a-z, 0-9, _; at most 200 characters)');
  const frame = parseFrame(rawFrame);
  if (frame === null) throw new QueryError('frame', 'must be a positive whole number without leading zeros');
  return { film, frame };
}

function isInside(root: string, candidate: string): boolean {
  // Compare with a trailing separator so /lib2/x is not taken for a file under /lib.
  return candidate.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

async function realpathOrNull(file: string): Promise<string | null> {
  try {
    return await realpath(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return null;
    throw error;
  }
}

function checkFrameRef(film: string, frame: number): void {
  if (parseFilm(film) === null) throw new Error(`Invalid film name ${JSON.stringify(film)}`);
  if (!Number.isSafeInteger(frame) || parseFrame(String(frame)) === null) {
    throw new Error(`Invalid frame number ${frame} for film ${film}`);
  }
}

/** The library root's real path (symlinks followed), or null when it does not exist. */
export function libraryRealPath(root: string): Promise<string | null> {
  return realpathOrNull(root);
}

/**
 * The real path of `frame_per_second/<film>/<film>_frame_<N>.jpg`, or null when
 * there is no such file or it resolves (through a symlink) outside the library.
 * Throws on a film or frame that fails validation: callers parse first.
 */
export async function frameImagePath(root: string, film: string, frame: number): Promise<string | null> {
  checkFrameRef(film, frame);
  const realRoot = await libraryRealPath(root);
  return realRoot === null ? null : frameImagePathIn(realRoot, film, frame);
}

/**
 * frameImagePath under a root already resolved by libraryRealPath: an export
 * resolves its root once, not once per frame.
 */
export async function frameImagePathIn(realRoot: string, film: string, frame: number): Promise<string | null> {
  checkFrameRef(film, frame);
  // The library lives outside the app: tell Turbopack's file tracing not to pull the project into the build.
  const resolved = await realpathOrNull(path.join(/*turbopackIgnore: true*/ realRoot, FRAMES_DIR, film, frameFileName(film, frame)));
  if (resolved === null) return null;
  if (!isInside(realRoot, resolved)) {
    console.warn(`[stillroom] ${film} frame ${frame}: image resolves outside the library (${resolved}); not served`);
    return null;
  }
  return resolved;
}
