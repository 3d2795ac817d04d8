/**
 * Where each frame goes inside an export: `[split/][label/]<film>_frame_<N>.<ext>`,
 * the folder shape Keras' image_dataset_from_directory reads (one folder per
 * class). Folder names come from data (an emotion, a cluster number), so they
 * are made safe here: never empty, never `.` or `..`, no path separators.
 */
import path from 'node:path';
import { frameFileName } from '@/lib/library/layout';
import type { SplitName } from './options';

/** The folder of frames whose label column is NULL. */
export const NULL_LABEL = 'none';
const MAX_LABEL_LENGTH = 100;

/**
 * A label value as a folder name: NULL is `none`, numbers as JavaScript
 * writes them (28, 2.39), text with separators, control characters and the
 * characters Windows forbids (`<>:"/\|?*`) replaced by `_`.
 */
export function labelFolder(value: string | number | null): string {
  if (value === null) return NULL_LABEL;
  const text = String(value)
    // eslint-disable-next-line no-control-regex -- control characters are what this replaces
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .trim()
    .replace(/[. ]+$/, (tail) => '_'.repeat(tail.length))
    .slice(0, MAX_LABEL_LENGTH);
  if (text === '') return '_';
  return text;
}

/** `.png` for PNG output, `.jpg` otherwise: names stay `<film>_frame_<N>` whatever the format. */
export function imageFileName(film: string, frame: number, format: 'jpeg' | 'png' | null): string {
  const name = frameFileName(film, frame);
  return format === 'png' ? `${name.slice(0, -'.jpg'.length)}.png` : name;
}

/** The path inside the export, with forward slashes (zip entries use them too). */
export function exportPath(split: SplitName | null, label: string | null, file: string): string {
  return path.posix.join(...[split, label].filter((part): part is string => part !== null), file);
}
