/**
 * The options of the formats beyond Keras' folders: COCO annotations, face
 * crops and WebDataset shards (issue 15). Their fields join EXPORT_REQUEST,
 * so the API and the CLI check them with the same words; the rules that
 * tie them to the layout and the target are here, each naming its field.
 */
import { z } from 'zod';
import { QueryError } from '@/lib/errors';
import type { Layout } from './options';

export const CROP_MODES = ['primary', 'faces'] as const;
export type CropMode = (typeof CROP_MODES)[number];
export const COCO_CATEGORIES = ['face', 'p_emotion'] as const;
export type CocoCategory = (typeof COCO_CATEGORIES)[number];

/** Share of a face box added on every side of a crop when `margin` is not given. */
export const DEFAULT_MARGIN = 0.25;
/** Frames per shard at most; a shard of a million frames would be hundreds of GB. */
export const MAX_SHARD_SIZE = 100_000;

export interface CropOptions {
  mode: CropMode;
  /** Share of the box's width (height) added left and right (above and below), clipped to the frame. */
  margin: number;
  /** Faces whose box is narrower or shorter than this (pixels of the original frame) are skipped and counted; 0 keeps every face. */
  minFace: number;
}

export interface FormatOptions {
  /** annotations.json per split, or null. */
  coco: { category: CocoCategory } | null;
  crop: CropOptions | null;
  /** WebDataset: frames (samples) per shard; null closes a shard near SHARD_BYTES instead. */
  shardSize: number | null;
}

export const NO_FORMATS: FormatOptions = { coco: null, crop: null, shardSize: null };

/** Spread into EXPORT_REQUEST: the API's field names (the CLI's flags in brackets in docs/curation-export.md). */
export const FORMAT_FIELDS = {
  coco: z.boolean().default(false),
  cocoCategory: z.enum(COCO_CATEGORIES).nullable().default(null),
  crop: z.enum(CROP_MODES).nullable().default(null),
  margin: z.number().min(0, 'must be at least 0').max(4, 'must be at most 4 (four box widths on every side)').nullable().default(null),
  minFace: z.number().int().min(0).max(10_000).nullable().default(null),
  shardSize: z.number().int().min(1).max(MAX_SHARD_SIZE).nullable().default(null),
};

interface FormatFields {
  layout: Layout;
  target: string;
  coco: boolean;
  cocoCategory: CocoCategory | null;
  crop: CropMode | null;
  margin: number | null;
  minFace: number | null;
  shardSize: number | null;
}

/** Columns that describe the primary face alone (face 0): a label no other face has. */
export function isPrimaryFaceColumn(column: string): boolean {
  return column.startsWith('p_');
}

/** The format fields of a parsed body as FormatOptions, refusing combinations that cannot work (QueryError naming the field). */
export function checkFormatOptions(body: FormatFields): FormatOptions {
  if (body.crop === null) {
    if (body.margin !== null) throw new QueryError('margin', 'needs crop: the margin is added around each cropped face');
    if (body.minFace !== null) throw new QueryError('minFace', 'needs crop: faces smaller than this are not cropped');
  }
  if (body.crop === 'faces' && body.layout.kind === 'by' && isPrimaryFaceColumn(body.layout.column)) {
    throw new QueryError(
      'layout',
      `by:${body.layout.column} describes the primary face only, so with crop faces every other face would be filed under the primary face's value; use crop primary, or a layout by a column of the whole frame`,
    );
  }
  if (body.cocoCategory !== null && !body.coco) throw new QueryError('cocoCategory', 'needs coco: it names the categories of annotations.json');
  if (body.coco && body.target === 'webdataset') {
    throw new QueryError('coco', "is for folders and zips: in WebDataset shards each sample's .json already holds its boxes");
  }
  if (body.shardSize !== null && body.target !== 'webdataset') throw new QueryError('shardSize', 'needs target webdataset');
  return {
    coco: body.coco ? { category: body.cocoCategory ?? 'face' } : null,
    crop: body.crop === null ? null : { mode: body.crop, margin: body.margin ?? DEFAULT_MARGIN, minFace: body.minFace ?? 0 },
    shardSize: body.shardSize,
  };
}

/** As recorded in manifest.json's options, under the API's names, so they can be posted back. */
export function describeFormats(formats: FormatOptions): Record<string, unknown> {
  return {
    coco: formats.coco !== null,
    cocoCategory: formats.coco?.category ?? null,
    crop: formats.crop?.mode ?? null,
    margin: formats.crop?.margin ?? null,
    minFace: formats.crop?.minFace ?? null,
    shardSize: formats.shardSize,
  };
}
