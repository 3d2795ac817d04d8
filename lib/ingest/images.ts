/**
 * Matches a film's JPEGs to its metadata rows: which frames have an image,
 * their pixel size, and which JPEGs have no row at all.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { frameFileName } from '@/lib/library/layout';
import { type ImageSize, readJpegSize } from './jpeg-size';

export interface FrameImages {
  /** Per metadata row, in the same order: the JPEG's size, or null when there is no readable JPEG. */
  sizes: Array<ImageSize | null>;
  /** Per metadata row: is there a JPEG file for it, readable or not. */
  present: boolean[];
  missing: number[];
  unreadable: number[];
  /** Frame numbers of JPEGs that no metadata row describes. */
  orphans: number[];
}

function listFrameFiles(framesDir: string, film: string): Set<number> {
  const pattern = new RegExp(`^${film}_frame_([1-9]\\d{0,9}|0)\\.jpg$`);
  const frames = new Set<number>();
  let names: string[];
  try {
    names = readdirSync(framesDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return frames;
    throw error;
  }
  for (const name of names) {
    const match = pattern.exec(name);
    if (match) frames.add(Number(match[1]));
  }
  return frames;
}

export function matchFrameImages(framesDir: string, film: string, frames: number[]): FrameImages {
  const onDisk = listFrameFiles(framesDir, film);
  const scratch = Buffer.allocUnsafe(64 * 1024);
  const result: FrameImages = { sizes: [], present: [], missing: [], unreadable: [], orphans: [] };
  const described = new Set(frames);
  for (const frame of frames) {
    if (!onDisk.has(frame)) {
      result.missing.push(frame);
      result.sizes.push(null);
      result.present.push(false);
      continue;
    }
    const size = readJpegSize(path.join(framesDir, frameFileName(film, frame)), scratch);
    if (!size) result.unreadable.push(frame);
    result.sizes.push(size);
    result.present.push(true);
  }
  for (const frame of onDisk) if (!described.has(frame)) result.orphans.push(frame);
  result.orphans.sort((a, b) => a - b);
  return result;
}

function sample(frames: number[]): string {
  const shown = frames.slice(0, 3).join(', ');
  return frames.length > 3 ? `${shown}, ...` : shown;
}

/** One line per kind of mismatch, for the film's problem list. */
export function describeImageProblems(images: FrameImages): string[] {
  const problems: string[] = [];
  if (images.missing.length) problems.push(`${images.missing.length} rows without JPEGs (frames ${sample(images.missing)})`);
  if (images.unreadable.length) problems.push(`${images.unreadable.length} JPEGs that are not readable JPEGs (frames ${sample(images.unreadable)})`);
  if (images.orphans.length) problems.push(`${images.orphans.length} JPEGs without rows (frames ${sample(images.orphans)})`);
  return problems;
}
