/**
 * What an export is asked to do, checked in one place for the API and the
 * CLI: the API's JSON body goes through EXPORT_REQUEST, the CLI's flags are
 * turned into the same object first (parseSplitFlag, parseResizeFlag), so a
 * bad value is refused with the same words from either. Errors are
 * QueryErrors naming the body field; the CLI names its flag instead.
 */
import { z } from 'zod';
import { frameColumn, FRAME_COLUMN_NAMES, type FrameColumn } from '@/lib/db/columns';
import { fromZodError, QueryError } from '@/lib/errors';
import { DEFAULT_DUPE_DISTANCE, MAX_DUPE_DISTANCE } from '@/lib/dupes/match';
import { SPLIT_BY, type SplitBy } from './groups';
import { checkFormatOptions, describeFormats, FORMAT_FIELDS, type FormatOptions } from './formats';

export const SPLIT_NAMES = ['train', 'validation', 'test'] as const;
export type SplitName = (typeof SPLIT_NAMES)[number];
export const FIT_MODES = ['cover', 'contain', 'fill', 'inside', 'outside'] as const;
export type FitMode = (typeof FIT_MODES)[number];
export const MAX_IMAGE_SIDE = 10_000;

export type Layout = { kind: 'flat' } | { kind: 'positive-negative' } | { kind: 'by'; column: FrameColumn };

export interface SplitFraction {
  name: SplitName;
  fraction: number;
}

export interface ImageOptions {
  resize: { width: number; height: number; fit: FitMode } | null;
  grayscale: boolean;
  /** null keeps the original JPEG bytes unless resize or grayscale asks for a new image (then JPEG). */
  format: 'jpeg' | 'png' | null;
}

/**
 * Where positive-negative takes its negatives from: every other frame of the
 * films that have a positive (the seed notebook's rule), the frames matching
 * a query, or the members of a selection. A frame in both sets is positive.
 */
export type Negatives = { kind: 'same-films' } | { kind: 'query'; query: string } | { kind: 'selection'; selection: number };
export const NEGATIVE_KINDS = ['same-films', 'query', 'selection'] as const;

export interface ExportOptions {
  /** Filter parameters in the API's syntax (lib/query), '' for every frame. */
  query: string;
  /** Only members of this selection (as `_in_selection`), or null. */
  selection: number | null;
  layout: Layout;
  /** positive-negative only: where the negatives come from, and whether blank frames (`blank` not null) may be among them. */
  negatives: Negatives;
  blankNegatives: boolean;
  /** In train, validation, test order; null for no split folders. */
  split: SplitFraction[] | null;
  /** What goes whole to one split (lib/export/groups.ts); `shot` unless asked otherwise. */
  splitBy: SplitBy;
  seed: number;
  /** Keep one frame per near-duplicate group within this many bits (lib/dupes/), or null. */
  dedupe: number | null;
  /** At most this many frames per shot, evenly spaced, or null. */
  perShot: number | null;
  /** Share (0-1) of the majority class removed from train (from everything when there is no split), or null. */
  dropMajority: number | null;
  image: ImageOptions;
  /** The other formats and face crops (lib/export/formats.ts): COCO annotations, crops, WebDataset shard size. */
  formats: FormatOptions;
}

const LAYOUT = z.string().transform((raw, ctx): Layout => {
  if (raw === 'flat' || raw === 'positive-negative') return { kind: raw };
  const column = raw.startsWith('by:') ? frameColumn(raw.slice(3)) : undefined;
  if (column) return { kind: 'by', column };
  ctx.addIssue({
    code: 'custom',
    message: raw.startsWith('by:')
      ? `unknown column ${JSON.stringify(raw.slice(3))}; columns are ${FRAME_COLUMN_NAMES.join(', ')}`
      : `must be flat, positive-negative or by:<column>, got ${JSON.stringify(raw)}`,
  });
  return z.NEVER;
});

const FRACTION = z.number().gt(0, 'each fraction must be above 0').lte(1, 'each fraction must be at most 1');

const SPLIT = z
  .strictObject({ train: FRACTION, validation: FRACTION.optional(), test: FRACTION.optional() }, 'must be an object such as {"train": 0.8, "test": 0.2}')
  .transform((split, ctx): SplitFraction[] => {
    const fractions = SPLIT_NAMES.flatMap((name) => (split[name] === undefined ? [] : [{ name, fraction: split[name] }]));
    const sum = fractions.reduce((total, f) => total + f.fraction, 0);
    if (Math.abs(sum - 1) > 1e-6) ctx.addIssue({ code: 'custom', message: `the fractions must add up to 1, they add up to ${Number(sum.toFixed(6))}` });
    return fractions;
  });

const SIDE = z.number().int().min(1).max(MAX_IMAGE_SIDE);

const RESIZE = z.strictObject({ width: SIDE, height: SIDE, fit: z.enum(FIT_MODES).default('cover') });

/** The API body of POST /api/exports, and what the CLI's flags become. */
export const EXPORT_REQUEST = z.strictObject({
  query: z.string().max(10_000).default(''),
  selection: z.number().int().positive().nullable().default(null),
  layout: LAYOUT,
  negative: z.enum(NEGATIVE_KINDS).optional(),
  negativeQuery: z.string().max(10_000).nullable().default(null),
  negativeSelection: z.number().int().positive().nullable().default(null),
  blankNegatives: z.boolean().default(true),
  split: SPLIT.nullable().default(null),
  splitBy: z.enum(SPLIT_BY).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(0),
  /** true for the default distance, or the distance in bits. */
  dedupe: z.union([z.boolean(), z.number().int().min(0).max(MAX_DUPE_DISTANCE)]).nullable().default(null),
  perShot: z.number().int().min(1).max(100_000).nullable().default(null),
  dropMajority: z.number().gt(0).lt(1).nullable().default(null),
  resize: RESIZE.nullable().default(null),
  grayscale: z.boolean().default(false),
  format: z.enum(['jpeg', 'png']).nullable().default(null),
  ...FORMAT_FIELDS,
  target: z.enum(['folder', 'zip', 'webdataset']),
  /** Folder name under the export root (target folder); also names the zip download. */
  name: z.string().max(200).optional(),
  /** Answer the plan (lib/export/dry-run.ts) and write nothing. */
  dryRun: z.boolean().default(false),
});

export type ExportRequestInput = z.input<typeof EXPORT_REQUEST>;

export type ExportTarget = 'folder' | 'zip' | 'webdataset';

export interface ExportRequest {
  options: ExportOptions;
  target: ExportTarget;
  name: string | undefined;
  dryRun: boolean;
}

/** The negatives the body asks for: `negative` may be left out when negativeQuery or negativeSelection says it. */
function negativesOf(body: z.output<typeof EXPORT_REQUEST>): Negatives {
  const { negativeQuery, negativeSelection } = body;
  if (negativeQuery !== null && negativeSelection !== null) throw new QueryError('negative', 'give negativeQuery or negativeSelection, not both');
  const kind = body.negative ?? (negativeQuery !== null ? 'query' : negativeSelection !== null ? 'selection' : 'same-films');
  const custom = kind !== 'same-films' || !body.blankNegatives;
  if (custom && body.layout.kind !== 'positive-negative') {
    throw new QueryError(kind !== 'same-films' ? 'negative' : 'blankNegatives', 'chooses negatives, so it needs layout positive-negative');
  }
  if (kind === 'query') {
    if (negativeSelection !== null) throw new QueryError('negativeSelection', 'is for negative "selection"; negative "query" takes negativeQuery');
    if (negativeQuery === null) throw new QueryError('negativeQuery', 'is required with negative "query": the filters of the negatives, such as p_emotion__not=happy');
    return { kind, query: negativeQuery };
  }
  if (kind === 'selection') {
    if (negativeQuery !== null) throw new QueryError('negativeQuery', 'is for negative "query"; negative "selection" takes negativeSelection');
    if (negativeSelection === null) throw new QueryError('negativeSelection', 'is required with negative "selection": the id of the selection whose members are the negatives');
    return { kind, selection: negativeSelection };
  }
  if (negativeQuery !== null || negativeSelection !== null) {
    throw new QueryError(negativeQuery !== null ? 'negativeQuery' : 'negativeSelection', 'needs negative "query" or "selection", not "same-films"');
  }
  return { kind };
}

export function parseExportRequest(input: unknown): ExportRequest {
  const parsed = EXPORT_REQUEST.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, 'body');
  const body = parsed.data;
  if (body.dropMajority !== null && body.layout.kind === 'flat') {
    throw new QueryError('dropMajority', 'needs classes to compare: use layout positive-negative or by:<column>');
  }
  if (body.split === null && body.splitBy !== undefined && body.splitBy !== 'frame') {
    throw new QueryError('splitBy', 'needs split: the fractions to split by');
  }
  const formats = checkFormatOptions(body);
  return {
    options: {
      query: body.query,
      selection: body.selection,
      layout: body.layout,
      negatives: negativesOf(body),
      blankNegatives: body.blankNegatives,
      split: body.split,
      splitBy: body.splitBy ?? 'shot',
      seed: body.seed,
      dedupe: body.dedupe === true ? DEFAULT_DUPE_DISTANCE : body.dedupe === false ? null : body.dedupe,
      perShot: body.perShot,
      dropMajority: body.dropMajority,
      image: { resize: body.resize, grayscale: body.grayscale, format: body.format },
      formats,
    },
    target: body.target,
    name: body.name,
    dryRun: body.dryRun,
  };
}

/** `train=0.8,validation=0.1,test=0.1` as the API's split object (checked later, with the rest). */
export function parseSplitFlag(raw: string, param: string): Record<string, number> {
  const split: Record<string, number> = {};
  for (const part of raw.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(part);
    if (!match) throw new QueryError(param, `expected name=fraction pairs such as train=0.8,test=0.2, got ${JSON.stringify(part)}`);
    if (match[1] in split) throw new QueryError(param, `${match[1]} given twice`);
    split[match[1]] = Number(match[2]);
  }
  return split;
}

/** `192x80` as the API's resize object. */
export function parseResizeFlag(raw: string, param: string): { width: number; height: number } {
  const match = /^([0-9]{1,6})x([0-9]{1,6})$/i.exec(raw.trim());
  if (!match) throw new QueryError(param, `expected WIDTHxHEIGHT in pixels such as 192x80, got ${JSON.stringify(raw)}`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** The options as recorded in manifest.json: the API's own field names, so a manifest can be posted back. */
export function describeOptions(options: ExportOptions): Record<string, unknown> {
  return {
    query: options.query,
    selection: options.selection,
    layout: options.layout.kind === 'by' ? `by:${options.layout.column}` : options.layout.kind,
    negative: options.negatives.kind,
    negativeQuery: options.negatives.kind === 'query' ? options.negatives.query : null,
    negativeSelection: options.negatives.kind === 'selection' ? options.negatives.selection : null,
    blankNegatives: options.blankNegatives,
    split: options.split && Object.fromEntries(options.split.map((s) => [s.name, s.fraction])),
    splitBy: options.splitBy,
    seed: options.seed,
    dedupe: options.dedupe,
    perShot: options.perShot,
    dropMajority: options.dropMajority,
    resize: options.image.resize,
    grayscale: options.image.grayscale,
    format: options.image.format,
    ...describeFormats(options.formats),
  };
}
