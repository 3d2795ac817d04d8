/**
 * From planned frames to exported samples: one per frame, or with face
 * crops one per cropped face, each knowing its file, its size and its face
 * boxes in its own pixels (box-transform.ts). The faces come from the
 * `faces` table, looked up by primary key as each frame passes, so nothing
 * is held for the whole export; the same frame always gives the same
 * samples, however many times the plan is read.
 */
import path from 'node:path';
import type { FaceRow as StoredFace } from '@/lib/db/columns';
import type { DB } from '@/lib/db/connection';
import { cropRegion, faceRect, imageGeometry, mapRect, roundedBox, type ImageGeometry, type Rect } from './box-transform';
import type { CropOptions } from './formats';
import type { ExportOptions } from './options';
import { ALL, type PlannedFrame } from './plan';

/** A face box in an exported image, with what the library knows of that face. */
export interface SampleBox {
  /** The face's place in face_locations (0 is the primary face when prim_char_flag is 1). */
  face: number;
  /** COCO [x, y, width, height] in the exported image's pixels. */
  bbox: [number, number, number, number];
  /** face_sizes: the face's area as % of the original frame. */
  size: number | null;
  /** For the primary face: p_emotion, and the character named for its cluster; null for other faces. */
  emotion: string | null;
  character: string | null;
}

export interface Sample {
  frame: PlannedFrame;
  /** The file inside a folder or zip export. */
  path: string;
  /** Unique across the export, no dots (WebDataset cuts the extension at the first dot). */
  key: string;
  extension: 'jpg' | 'png';
  /** The cropped face's index, and the crop in the original frame; null for whole frames. */
  face: number | null;
  crop: Rect | null;
  /** The exported image's size; null when the frame's size is unknown (its JPEG header was unreadable at ingest). */
  width: number | null;
  height: number | null;
  boxes: SampleBox[];
  /** Faces of the frame whose box lies entirely outside this image (cut away by a crop or a cover resize). */
  droppedBoxes: number;
  /** Samples made from the same frame (crops), so progress can share the frame's bytes among them. */
  siblings: number;
  /** The name given to the primary face's cluster (character_names), whether or not its box is in this image. */
  character: string | null;
}

/** What expanding one frame gave, besides its samples. */
export interface Expansion {
  samples: Sample[];
  /** Faces not cropped because they were smaller than minFace. */
  skippedSmall: number;
  /** With crops: the frame had no face to crop (no primary face, for crop primary). */
  withoutFace: boolean;
}

/** A row of the faces table: face_recognition's box, its place in face_locations and face_sizes' value. */
export type FaceRow = Omit<StoredFace, 'film' | 'frame' | 'encoding'>;

/** Turns each planned frame into its samples; `expand` may be called for every pass over the plan. */
export interface SampleMaker {
  expand(frame: PlannedFrame): Expansion;
}

export function sampleMaker(db: DB, options: ExportOptions): SampleMaker {
  const faces = db.prepare<[string, number], FaceRow>('SELECT face_index, top, right, bottom, left, size FROM faces WHERE film = ? AND frame = ? ORDER BY face_index');
  const names = db.prepare<[string, number], { name: string }>('SELECT name FROM character_names WHERE film = ? AND cluster = ?');
  const resize = options.image.resize;
  const extension = options.image.format === 'png' ? 'png' : 'jpg';
  const crop = options.formats.crop;

  return {
    expand(frame) {
      const { row } = frame;
      const rows = faces.all(frame.film, frame.frame);
      const primary = row.prim_char_flag === 1;
      const character = primary && row.p_face_cluster !== null ? (names.get(frame.film, row.p_face_cluster)?.name ?? null) : null;
      const frameWidth = row.width;
      const frameHeight = row.height;
      const known = frameWidth !== null && frameHeight !== null && frameWidth > 0 && frameHeight > 0;
      const rects = rows.map((face) => (known ? faceRect(face, frameWidth, frameHeight) : null));

      const make = (geometry: ImageGeometry | null, face: number | null): Sample => {
        const boxes: SampleBox[] = [];
        let dropped = 0;
        rows.forEach((faceRow, i) => {
          const rect = rects[i];
          const mapped = rect && geometry ? mapRect(rect, geometry) : null;
          if (mapped === null) {
            if (geometry !== null) dropped++;
            return;
          }
          const isPrimary = primary && faceRow.face_index === 0;
          boxes.push({
            face: faceRow.face_index,
            bbox: roundedBox(mapped),
            size: faceRow.size,
            emotion: isPrimary ? row.p_emotion : null,
            character: isPrimary ? character : null,
          });
        });
        const base = `${frame.film}_frame_${frame.frame}${face === null ? '' : `_face_${face}`}`;
        return {
          frame,
          path: face === null ? frame.path : path.posix.join(path.posix.dirname(frame.path), `${base}.${extension}`),
          key: base,
          extension,
          face,
          crop: face === null ? null : (geometry?.region ?? null),
          width: geometry?.resize.width ?? null,
          height: geometry?.resize.height ?? null,
          boxes,
          droppedBoxes: dropped,
          siblings: 1,
          character,
        };
      };

      if (crop === null) {
        const geometry = known ? imageGeometry({ x: 0, y: 0, width: frameWidth, height: frameHeight }, resize) : null;
        return { samples: [make(geometry, null)], skippedSmall: 0, withoutFace: false };
      }
      return expandCrops(crop, rows, rects, primary, (region, face) => make(imageGeometry(region, resize), face), known ? { width: frameWidth, height: frameHeight } : null);
    },
  };
}

function expandCrops(
  crop: CropOptions,
  rows: FaceRow[],
  rects: Array<Rect | null>,
  primary: boolean,
  make: (region: Rect, face: number) => Sample,
  frameSize: { width: number; height: number } | null,
): Expansion {
  const samples: Sample[] = [];
  let skippedSmall = 0;
  rows.forEach((face, i) => {
    const rect = rects[i];
    if (crop.mode === 'primary' && !(primary && face.face_index === 0)) return;
    if (rect === null || frameSize === null) return;
    if (Math.min(rect.width, rect.height) < crop.minFace) {
      skippedSmall++;
      return;
    }
    samples.push(make(cropRegion(rect, crop.margin, frameSize.width, frameSize.height), face.face_index));
  });
  for (const sample of samples) sample.siblings = samples.length;
  return { samples, skippedSmall, withoutFace: samples.length === 0 && skippedSmall === 0 };
}

/** Samples, boxes and crops counted over the whole export (one pass over the plan, no image read). */
export interface SampleCounts {
  /** Samples per split (or `all`) and per class (or `all`). */
  bySplit: Record<string, Record<string, number>>;
  samples: number;
  boxes: number;
  /** Face boxes that left their image entirely (cut away by a crop or a cover resize). */
  boxesDropped: number;
  /** With crops: faces skipped as smaller than minFace, and frames that had no face to crop. */
  skippedSmall: number;
  framesWithoutFace: number;
  /** The class folders that have a sample, and the primary faces' emotions that have a box (COCO categories). */
  classes: Set<string>;
  emotions: Set<string>;
}

export function emptySampleCounts(): SampleCounts {
  return { bySplit: {}, samples: 0, boxes: 0, boxesDropped: 0, skippedSmall: 0, framesWithoutFace: 0, classes: new Set(), emotions: new Set() };
}

export function countExpansion(counts: SampleCounts, expansion: Expansion): void {
  counts.skippedSmall += expansion.skippedSmall;
  if (expansion.withoutFace) counts.framesWithoutFace++;
  for (const sample of expansion.samples) {
    const split = (counts.bySplit[sample.frame.split ?? ALL] ??= {});
    const label = sample.frame.label ?? ALL;
    split[label] = (split[label] ?? 0) + 1;
    if (sample.frame.label !== null) counts.classes.add(sample.frame.label);
    counts.samples++;
    counts.boxes += sample.boxes.length;
    counts.boxesDropped += sample.droppedBoxes;
    for (const box of sample.boxes) if (box.emotion !== null) counts.emotions.add(box.emotion);
  }
}

/**
 * The classes in index order, for WebDataset's .cls and the manifest: every
 * class with a sample, sorted by code point, as torchvision's ImageFolder,
 * Keras and `datasets`' class_encode_column sort them. Empty without classes.
 */
export function classNames(counts: SampleCounts): string[] {
  return [...counts.classes].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
