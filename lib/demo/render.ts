/**
 * Draws the demo library's JPEGs from its pickles, so that what a user sees
 * matches what the filters say: the frame's mean colour as background, black
 * letterbox bars where the picture is wider than the frame, a face inside every
 * face box (when prim_char_flag is 1, face 0 in another skin and outlined in
 * yellow, its mouth showing p_open_mouth and p_emotion), and blank frames plain
 * black or white.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { type DataFrameTable, readDataFramePickle, toNumbers } from '@/lib/pickle';

/** The JPEG size per film that the generator computed face_sizes against. */
export const FRAME_SIZES_FILE = 'frame_sizes.json';
const CONCURRENCY = 2;
const JPEG_QUALITY = 80;

export interface FrameSize {
  width: number;
  height: number;
}

export interface RenderOptions {
  /** Called after each JPEG written; `total` counts the frames that were missing. */
  onProgress?(done: number, total: number): void;
}

type Box = [top: number, right: number, bottom: number, left: number];

interface DemoFrame {
  film: string;
  frame: number;
  blank: 'black' | 'white' | null;
  red: number;
  green: number;
  blue: number;
  aspectRatio: number;
  faces: Box[];
  /** prim_char_flag: face 0 is the primary character */
  primary: boolean;
  mouthOpen: boolean;
  emotion: string | null;
}

/** Picture top and height inside the frame; mirrors picture_rect in scripts/demo/make_demo_library.py. */
export function pictureRect(width: number, height: number, aspectRatio: number): { top: number; height: number } {
  if (aspectRatio > width / height + 0.02) {
    const picture = Math.floor(width / aspectRatio);
    return { top: Math.floor((height - picture) / 2), height: picture };
  }
  return { top: 0, height };
}

export async function readFrameSizes(libraryRoot: string): Promise<Map<string, FrameSize>> {
  const file = path.join(libraryRoot, FRAME_SIZES_FILE);
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${file}: expected an object of films`);
  const sizes = new Map<string, FrameSize>();
  for (const [film, size] of Object.entries(parsed)) {
    const { width, height } = (size ?? {}) as Record<string, unknown>;
    if (!Number.isInteger(width) || !Number.isInteger(height) || (width as number) <= 0 || (height as number) <= 0) {
      throw new Error(`${file}: film "${film}" needs a positive integer width and height`);
    }
    sizes.set(film, { width: width as number, height: height as number });
  }
  return sizes;
}

function column(table: DataFrameTable, name: string): DataFrameTable['columns'][number]['values'] {
  const found = table.columns.find((c) => c.name === name);
  if (!found) throw new Error(`${table.file}: no column "${name}"`);
  return found.values;
}

function asBox(value: unknown, where: string): Box {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((n) => typeof n === 'number')) {
    throw new Error(`${where}: a face box must be 4 numbers (top, right, bottom, left)`);
  }
  return value as Box;
}

async function loadFilm(libraryRoot: string, film: string, size: FrameSize): Promise<DemoFrame[]> {
  const folder = path.join(libraryRoot, 'serialized_objects', film);
  const [faces, vision] = await Promise.all([
    readDataFramePickle(path.join(folder, 'face_df.pkl')),
    readDataFramePickle(path.join(folder, 'vision_df.pkl')),
  ]);
  const visionRow = new Map<number, number>();
  toNumbers(vision.index.values, `${vision.file} index`).forEach((frame, row) => visionRow.set(frame, row));
  const locations = column(faces, 'face_locations');
  const primary = toNumbers(column(faces, 'prim_char_flag'), `${faces.file} prim_char_flag`);
  const mouth = toNumbers(column(faces, 'p_open_mouth'), `${faces.file} p_open_mouth`);
  const emotion = column(faces, 'p_emotion');
  const blank = column(vision, 'blank');
  const aspect = toNumbers(column(vision, 'aspect_ratio'), `${vision.file} aspect_ratio`);
  const [red, green, blue] = ['red', 'green', 'blue'].map((c) => toNumbers(column(vision, c), `${vision.file} ${c}`));

  return Array.from(toNumbers(faces.index.values, `${faces.file} index`), (frame, row) => {
    const where = `${film} frame ${frame}`;
    const v = visionRow.get(frame);
    if (v === undefined) throw new Error(`${where}: in face_df but not in vision_df`);
    const cell = locations[row];
    if (!Array.isArray(cell)) throw new Error(`${where}: face_locations is not a list`);
    const boxes = cell.map((box) => asBox(box, where));
    for (const [top, right, bottom, left] of boxes) {
      if (left < 0 || top < 0 || right > size.width || bottom > size.height) {
        throw new Error(`${where}: face box (${top}, ${right}, ${bottom}, ${left}) lies outside the ${size.width}x${size.height} frame`);
      }
    }
    const kind = blank[v];
    return {
      film,
      frame,
      blank: kind === 'black' || kind === 'white' ? kind : null,
      red: red[v],
      green: green[v],
      blue: blue[v],
      aspectRatio: aspect[v],
      faces: boxes,
      primary: primary[row] === 1,
      mouthOpen: mouth[row] === 1,
      emotion: typeof emotion[row] === 'string' ? (emotion[row] as string) : null,
    };
  });
}

function mouthSvg(open: boolean, emotion: string | null, cx: number, y: number, rx: number, ry: number, stroke: number): string {
  const line = (d: string) => `<path d="${d}" fill="none" stroke="#4a1d1a" stroke-width="${stroke}" stroke-linecap="round"/>`;
  const w = rx * 0.38;
  if (open || emotion === 'surprise') {
    return `<ellipse cx="${cx}" cy="${y}" rx="${w * 0.6}" ry="${ry * 0.12}" fill="#4a1d1a"/>`;
  }
  if (emotion === 'happy') return line(`M${cx - w},${y} Q${cx},${y + ry * 0.22} ${cx + w},${y}`);
  if (emotion === 'sad' || emotion === 'fear') {
    return line(`M${cx - w},${y + ry * 0.08} Q${cx},${y - ry * 0.14} ${cx + w},${y + ry * 0.08}`);
  }
  return line(`M${cx - w},${y} L${cx + w},${y}`);
}

/** One face: skin that stands off the background, eyes, and for the primary character a telling mouth. */
function faceSvg(frame: DemoFrame, box: Box, primary: boolean, lightBackground: boolean): string {
  const [top, right, bottom, left] = box;
  const cx = (left + right) / 2;
  const cy = (top + bottom) / 2;
  const rx = ((right - left) / 2) * 0.84; // faces are taller than their square box is wide
  const ry = (bottom - top) / 2;
  const stroke = Math.max(2, Math.round(rx * (primary ? 0.08 : 0.04)));
  const skin = lightBackground ? (primary ? '#8d5524' : '#6b5a50') : primary ? '#f1c27d' : '#b9a89c';
  const outline = primary ? '#ffd60a' : lightBackground ? '#2a2a2a' : '#e8e8e8';
  const eyeY = top + (bottom - top) * 0.42;
  const eyeR = Math.max(1, rx * 0.1);
  const mouthY = top + (bottom - top) * 0.72;
  return (
    `<ellipse cx="${cx}" cy="${cy}" rx="${rx - stroke / 2}" ry="${ry - stroke / 2}" fill="${skin}" stroke="${outline}" stroke-width="${stroke}"/>` +
    `<circle cx="${cx - rx * 0.36}" cy="${eyeY}" r="${eyeR}" fill="#1c1410"/>` +
    `<circle cx="${cx + rx * 0.36}" cy="${eyeY}" r="${eyeR}" fill="#1c1410"/>` +
    mouthSvg(primary && frame.mouthOpen, primary ? frame.emotion : null, cx, mouthY, rx, ry, Math.max(1, Math.round(rx * 0.06)))
  );
}

function frameSvg(frame: DemoFrame, size: FrameSize): string {
  const { width, height } = size;
  const picture = pictureRect(width, height, frame.aspectRatio);
  const bars =
    picture.height < height
      ? `<rect x="0" y="0" width="${width}" height="${picture.top}" fill="#000"/>` +
        `<rect x="0" y="${picture.top + picture.height}" width="${width}" height="${height - picture.top - picture.height}" fill="#000"/>`
      : '';
  const luminance = 0.299 * frame.red + 0.587 * frame.green + 0.114 * frame.blue;
  // face 0 last, so the primary face is drawn over any face it overlaps
  const faces = frame.faces.map((box, i) => faceSvg(frame, box, i === 0 && frame.primary, luminance > 140)).reverse().join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<rect width="${width}" height="${height}" fill="rgb(${frame.red},${frame.green},${frame.blue})"/>` +
    `${bars}${faces}</svg>`
  );
}

/** Blank frames of one size and kind are identical: each is encoded once per render. */
function encodeFrame(frame: DemoFrame, size: FrameSize, blanks: Map<string, Promise<Buffer>>): Promise<Buffer> {
  if (frame.blank) {
    const key = `${size.width}x${size.height} ${frame.blank}`;
    let blank = blanks.get(key);
    if (!blank) {
      const level = frame.blank === 'black' ? 0 : 255;
      blank = sharp({ create: { ...size, channels: 3, background: { r: level, g: level, b: level } } })
        .jpeg({ quality: JPEG_QUALITY })
        .toBuffer();
      blanks.set(key, blank);
    }
    return blank;
  }
  return sharp(Buffer.from(frameSvg(frame, size))).jpeg({ quality: JPEG_QUALITY }).toBuffer();
}

let tempCounter = 0;

/** Written under a temporary name and renamed, so a reader never sees half a JPEG. */
async function writeAtomically(file: string, data: Buffer): Promise<void> {
  const temp = `${file}.${process.pid}.${++tempCounter}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function demoFrameFile(libraryRoot: string, film: string, frame: number): string {
  return path.join(libraryRoot, 'frame_per_second', film, `${film}_frame_${frame}.jpg`);
}

/**
 * Renders every missing JPEG of the library's films into
 * `frame_per_second/<film>/<film>_frame_<N>.jpg`. Existing files are skipped,
 * so a second call (or a restart after a crash) only draws what is missing.
 */
export async function renderDemoFrames(
  libraryRoot: string,
  options: RenderOptions = {},
): Promise<{ rendered: number; skipped: number }> {
  const sizes = await readFrameSizes(libraryRoot);
  const films = (await readdir(path.join(libraryRoot, 'serialized_objects'), { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const todo: { frame: DemoFrame; size: FrameSize; file: string }[] = [];
  let skipped = 0;
  for (const film of films) {
    const size = sizes.get(film);
    if (!size) throw new Error(`${path.join(libraryRoot, FRAME_SIZES_FILE)}: no frame size for film "${film}"`);
    const folder = path.join(libraryRoot, 'frame_per_second', film);
    await mkdir(folder, { recursive: true });
    const existing = new Set(await readdir(folder));
    for (const frame of await loadFilm(libraryRoot, film, size)) {
      const file = demoFrameFile(libraryRoot, film, frame.frame);
      if (existing.has(path.basename(file))) skipped++;
      else todo.push({ frame, size, file });
    }
  }

  const blanks = new Map<string, Promise<Buffer>>();
  let next = 0;
  let rendered = 0;
  const worker = async () => {
    while (next < todo.length) {
      const { frame, size, file } = todo[next++];
      try {
        await writeAtomically(file, await encodeFrame(frame, size, blanks));
      } catch (error) {
        throw new Error(`${frame.film} frame ${frame.frame}: cannot render ${file}: ${(error as Error).message}`, { cause: error });
      }
      rendered++;
      options.onProgress?.(rendered, todo.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { rendered, skipped };
}
