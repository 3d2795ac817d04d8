/**
 * Where a moviegoer library keeps its files: one folder of JPEGs (one a
 * second) and one of pickles per film, under fixed names. Ingest, the
 * thumbnail server and exports all find frames through these.
 */

export const FRAMES_DIR = 'frame_per_second';
export const PICKLES_DIR = 'serialized_objects';

/** moviegoer names films in snake_case with the year; anything else is not ours to serve. */
export const FILM_NAME = /^[a-z0-9][a-z0-9_]{0,199}$/;

export function frameFileName(film: string, frame: number): string {
  return `${film}_frame_${frame}.jpg`;
}
