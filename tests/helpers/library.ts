/**
 * Builds small moviegoer libraries in temporary folders for tests: real
 * pandas pickles from the fixtures, real JPEGs written by sharp.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { FIXTURE_ROOT } from './pickle-truth';

export interface TestFilm {
  film: string;
  /** Fixture folder the pickles come from, e.g. 'pandas-1.5', and protocol. */
  pandas: string;
  protocol: number;
  frames: number[];
  width?: number;
  height?: number;
}

export function makeTempDir(prefix: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), `stillroom-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixturePickle(pandas: string, name: string, protocol: number): string {
  return path.join(FIXTURE_ROOT, pandas, `${name}.p${protocol}.pkl`);
}

export function filmPickleDir(root: string, film: string): string {
  return path.join(root, 'serialized_objects', film);
}

export function filmFrameDir(root: string, film: string): string {
  return path.join(root, 'frame_per_second', film);
}

export async function writeJpeg(file: string, width: number, height: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await sharp({ create: { width, height, channels: 3, background: { r: 90, g: 60, b: 30 } } }).jpeg().toFile(file);
}

export async function addFilm(root: string, film: TestFilm): Promise<void> {
  const pickles = filmPickleDir(root, film.film);
  mkdirSync(pickles, { recursive: true });
  for (const name of ['face_df', 'vision_df', 'srt_df', 'subtitle_df', 'sentence_df']) {
    copyFileSync(fixturePickle(film.pandas, name, film.protocol), path.join(pickles, `${name}.pkl`));
  }
  const frames = filmFrameDir(root, film.film);
  mkdirSync(frames, { recursive: true });
  const first = path.join(frames, `${film.film}_frame_${film.frames[0]}.jpg`);
  await writeJpeg(first, film.width ?? 96, film.height ?? 40);
  for (const frame of film.frames.slice(1)) copyFileSync(first, path.join(frames, `${film.film}_frame_${frame}.jpg`));
}
