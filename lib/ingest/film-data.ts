/**
 * Turns one film's DataFrames (face_df, vision_df, srt_df) into the rows the
 * database stores. Every problem names the film and the file; a problem that
 * makes the film unusable throws FilmError, lesser ones are collected.
 */
import path from 'node:path';
import { NDArray, PickleError, PyTime, type DataFrameTable, readDataFramePickle } from '@/lib/pickle';
import type { FaceRow, FrameRow, SubtitleRow } from '@/lib/db/columns';
import { type FilmFiles, type PickleName, picklePath } from './discover';

export class FilmError extends Error {
  constructor(
    readonly film: string,
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${film}: ${file}: ${problem}`);
  }
}

/** What a film's pickles say about a frame: the `frames` columns but the film and what ingest adds (image size, CIELAB). */
export type PickledFrame = Omit<FrameRow, 'film' | 'width' | 'height' | 'has_image' | 'lab_l' | 'lab_a' | 'lab_b'>;

export interface FilmMetadata {
  frames: PickledFrame[];
  faces: Array<Omit<FaceRow, 'film'>>;
  subtitles: Array<Omit<SubtitleRow, 'film'>>;
}

const FACE_NUMBER_COLUMNS = ['faces_found', 'prim_char_flag', 'p_horizontal_distance', 'p_open_mouth', 'p_face_cluster'] as const;
const FACE_TEXT_COLUMNS = ['p_center_alignment', 'p_emotion'] as const;
/** In docs/data-model.md's order, so a report of missing columns reads like the documentation. */
const FACE_COLUMNS = ['face_locations', 'face_sizes', 'faces_found', 'prim_char_flag', 'p_center_alignment', 'p_horizontal_distance', 'p_open_mouth', 'p_face_cluster', 'p_emotion'] as const;
const VISION_COLUMNS = ['blank', 'aspect_ratio', 'brightness', 'contrast', 'red', 'green', 'blue', 'shot_cluster', 'shot_id'] as const;
const SRT_COLUMNS = ['original_text', 'start_time', 'end_time'] as const;

/** Typed access to one DataFrame's columns, failing with the film, file, column and row named. */
class Frame {
  private readonly byName: Map<string, DataFrameTable['columns'][number]>;

  constructor(
    readonly film: string,
    readonly file: string,
    readonly table: DataFrameTable,
    required: readonly string[],
  ) {
    this.byName = new Map(table.columns.map((c) => [c.name, c]));
    const missing = required.filter((name) => !this.byName.has(name));
    if (missing.length > 0) this.fail(`missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }

  fail(problem: string): never {
    throw new FilmError(this.film, this.file, problem);
  }

  private values(name: string): ArrayLike<unknown> {
    return this.byName.get(name)!.values as ArrayLike<unknown>;
  }

  /** Index values as safe integers (frame numbers, srt indexes). */
  index(): number[] {
    return Array.from(this.table.index.values as ArrayLike<unknown>, (value, row) => {
      const n = typeof value === 'bigint' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) this.fail(`index row ${row} is not an integer`);
      return n;
    });
  }

  /** A numeric column as numbers, NaN and None as null. */
  numbers(name: string): Array<number | null> {
    return Array.from(this.values(name), (value, row) => {
      if (value === null || (typeof value === 'number' && Number.isNaN(value))) return null;
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') {
        if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) this.fail(`column ${name} row ${row}: ${value} is too large`);
        return Number(value);
      }
      return this.fail(`column ${name} row ${row} is not a number`);
    });
  }

  texts(name: string): Array<string | null> {
    return Array.from(this.values(name), (value, row) => {
      if (value === null || (typeof value === 'number' && Number.isNaN(value))) return null;
      if (typeof value !== 'string') this.fail(`column ${name} row ${row} is not text`);
      return value;
    });
  }

  objects(name: string): unknown[] {
    return Array.from(this.values(name));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }
}

async function readFrame(files: FilmFiles, name: PickleName, required: readonly string[]): Promise<Frame> {
  const file = picklePath(files, name);
  const label = path.join(path.basename(path.dirname(file)), path.basename(file));
  try {
    return new Frame(files.film, label, await readDataFramePickle(file), required);
  } catch (error) {
    if (error instanceof PickleError) {
      const problem = /ENOENT/.test(error.detail) ? 'missing dataframe' : error.detail;
      throw new FilmError(files.film, label, problem);
    }
    throw error;
  }
}

function faceBox(value: unknown, face: Frame, row: number): [number, number, number, number] {
  const box = Array.isArray(value) ? value.map((v) => (typeof v === 'bigint' ? Number(v) : v)) : null;
  if (!box || box.length !== 4 || !box.every((v) => Number.isSafeInteger(v))) {
    face.fail(`face_locations row ${row} is not a list of (top, right, bottom, left) integer boxes`);
  }
  return box as [number, number, number, number];
}

function encodingBlob(value: unknown, face: Frame, row: number): Buffer | null {
  if (value === null || value === undefined) return null;
  if (!(value instanceof NDArray) || value.dtype.kind !== 'f' || value.size !== 128) {
    face.fail(`face_encodings row ${row} is not a list of 128-d float arrays`);
  }
  return Buffer.from(Float32Array.from(value.data as Float64Array).buffer);
}

function readFaces(face: Frame, frames: number[]): { faces: FilmMetadata['faces']; primarySizes: Array<number | null> } {
  const locations = face.objects('face_locations');
  const sizes = face.objects('face_sizes');
  const encodings = face.has('face_encodings') ? face.objects('face_encodings') : null;
  const faces: FilmMetadata['faces'] = [];
  const primarySizes: Array<number | null> = [];
  frames.forEach((frame, row) => {
    const boxes = locations[row] ?? [];
    const rowSizes = sizes[row] ?? [];
    const rowEncodings = encodings?.[row] ?? [];
    if (!Array.isArray(boxes) || !Array.isArray(rowSizes) || !Array.isArray(rowEncodings)) {
      face.fail(`row ${row} (frame ${frame}): face_locations, face_sizes and face_encodings must be lists`);
    }
    primarySizes.push(typeof rowSizes[0] === 'number' && !Number.isNaN(rowSizes[0]) ? rowSizes[0] : null);
    boxes.forEach((box, faceIndex) => {
      const [top, right, bottom, left] = faceBox(box, face, row);
      const size = rowSizes[faceIndex];
      faces.push({
        frame,
        face_index: faceIndex,
        top, right, bottom, left,
        size: typeof size === 'number' && !Number.isNaN(size) ? size : null,
        encoding: encodingBlob(rowEncodings[faceIndex], face, row),
      });
    });
  });
  return { faces, primarySizes };
}

/** The pipeline rounds a subtitle's times to whole seconds, half a second up. */
function roundedSecond(time: PyTime): number {
  return time.hour * 3600 + time.minute * 60 + time.second + (time.microsecond >= 500_000 ? 1 : 0);
}

function readSubtitles(srt: Frame): FilmMetadata['subtitles'] {
  const indexes = srt.index();
  const texts = srt.objects('original_text');
  const starts = srt.objects('start_time');
  const ends = srt.objects('end_time');
  return indexes.map((srt_index, row) => {
    const start = starts[row];
    const end = ends[row];
    if (!(start instanceof PyTime) || !(end instanceof PyTime)) srt.fail(`row ${row}: start_time and end_time must be datetime.time`);
    const text = texts[row];
    return {
      srt_index,
      start_seconds: start.totalSeconds,
      end_seconds: end.totalSeconds,
      first_frame: roundedSecond(start),
      last_frame: roundedSecond(end),
      text: typeof text === 'string' ? text : '',
    };
  });
}

/** Reads and checks one film's metadata; throws FilmError when the film cannot be loaded. */
export async function readFilmMetadata(files: FilmFiles): Promise<FilmMetadata> {
  const face = await readFrame(files, 'face_df', FACE_COLUMNS);
  const vision = await readFrame(files, 'vision_df', VISION_COLUMNS);
  const srt = await readFrame(files, 'srt_df', SRT_COLUMNS);

  const frameNumbers = face.index();
  const seen = new Set<number>();
  for (const [row, frame] of frameNumbers.entries()) {
    if (frame < 0) face.fail(`row ${row}: frame number ${frame} is negative`);
    if (seen.has(frame)) face.fail(`frame ${frame} appears twice in the index`);
    seen.add(frame);
  }
  const visionFrames = vision.index();
  const visionRow = new Map(visionFrames.map((frame, row) => [frame, row]));
  const extra = visionFrames.filter((frame) => !seen.has(frame));
  if (visionFrames.length !== frameNumbers.length || extra.length > 0) {
    vision.fail(`has ${visionFrames.length} frames but face_df has ${frameNumbers.length}${extra.length ? ` (e.g. frame ${extra[0]} is not in face_df)` : ''}`);
  }

  const { faces, primarySizes } = readFaces(face, frameNumbers);
  const faceValues: Array<[string, Array<number | string | null>]> = [
    ...FACE_NUMBER_COLUMNS.map((c): [string, Array<number | null>] => [c, face.numbers(c)]),
    ...FACE_TEXT_COLUMNS.map((c): [string, Array<string | null>] => [c, face.texts(c)]),
  ];
  const visionValues: Array<[string, Array<number | string | null>]> = [
    ['blank', vision.texts('blank')],
    ...VISION_COLUMNS.filter((c) => c !== 'blank').map((c): [string, Array<number | null>] => [c, vision.numbers(c)]),
  ];
  const frames = frameNumbers.map((frame, row) => {
    const visionAt = visionRow.get(frame)!;
    const out: Record<string, number | string | null> = { frame, p_face_size: primarySizes[row] };
    for (const [column, values] of faceValues) out[column] = values[row];
    for (const [column, values] of visionValues) out[column] = values[visionAt];
    return out as unknown as PickledFrame;
  });
  return { frames, faces, subtitles: readSubtitles(srt) };
}
