/**
 * What an export would write, without writing anything (POST /api/exports
 * with `"dryRun": true`, `npm run export -- --dry-run`): the files per split
 * and class, what each option and the library left out, the bytes to
 * write, and the class imbalance worth a warning. It runs the export's own
 * plan (plan.ts) and sample maker (samples.ts), so its counts are the ones
 * manifest.json then records, as long as the library does not change between.
 *
 * Bytes come from the JPEGs' sizes on disk: every file is looked at when
 * there are at most EXACT_FILES, otherwise an evenly spaced sample of them
 * is, and the total is estimated from it (a stat is a trip to the thread
 * pool: 100,000 of them would take seconds, and the dialog asks live).
 */
import { stat } from 'node:fs/promises';
import type { DB } from '@/lib/db/connection';
import { frameImagePathIn, libraryRealPath } from '@/lib/library/files';
import { keepsOriginal } from './images';
import type { ExportOptions } from './options';
import { ALL, planExport, type Leakage, type PlanCounts } from './plan';
import { countExpansion, emptySampleCounts, sampleMaker } from './samples';

/** Up to this many JPEGs, every one is sized (and a missing one found); beyond, a sample of SAMPLED_FILES. */
export const EXACT_FILES = 2000;
const SAMPLED_FILES = 400;
/** A class under this share of a split's files is worth a warning. */
export const SMALL_CLASS_SHARE = 0.05;

export interface ClassWarning {
  split: string;
  label: string;
  files: number;
  /** The class's share of the split's files (0 when it has none). */
  share: number;
  message: string;
}

export interface DryRun {
  /** Image files the export writes (with face crops, one per crop). */
  files: number;
  /** Files per split (or `all`) and class (or `all`): manifest.json's counts.bySplit. */
  bySplit: Record<string, Record<string, number>>;
  groups: PlanCounts['groups'];
  droppedBy: PlanCounts['droppedBy'];
  withoutImage: number;
  inBothSets: number;
  /** Frames whose JPEG is gone from the library since the ingest (left out); null when not every file was looked at. */
  missingFiles: number | null;
  /** With face crops: faces too small to crop, and frames with no face to crop. */
  crops: { skippedSmall: number; framesWithoutFace: number } | null;
  bytes: {
    /** Bytes of the JPEGs the export reads: the images written when they are copied unchanged. */
    images: number;
    exact: boolean;
    /** JPEGs sized to get the number. */
    checked: number;
    /** Images are resized, recoded or cropped: what is written differs from what is read. */
    transformed: boolean;
  };
  drop: { label: string; count: number } | null;
  leakage: Leakage;
  where: string;
  warnings: ClassWarning[];
}

/** Every n-th item, `count` of them, spread over the whole list. */
function spread<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  return Array.from({ length: count }, (_, i) => items[Math.floor(((i + 0.5) * items.length) / count)]);
}

async function sizeOf(realRoot: string | null, film: string, frame: number): Promise<number | null> {
  const file = realRoot === null ? null : await frameImagePathIn(realRoot, film, frame);
  if (file === null) return null;
  return (await stat(file)).size;
}

/**
 * A class with no file in a split, or under SMALL_CLASS_SHARE of it: the
 * classes are `expected` (positive and negative) and every one that has a file.
 */
export function classWarnings(bySplit: Record<string, Record<string, number>>, expected: readonly string[] = []): ClassWarning[] {
  const seen = Object.values(bySplit).flatMap((counts) => Object.keys(counts));
  const labels = [...new Set([...expected, ...seen])].filter((label) => label !== ALL).sort();
  if (labels.length < 2) return [];
  const warnings: ClassWarning[] = [];
  for (const [split, counts] of Object.entries(bySplit)) {
    const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
    const where = split === ALL ? 'the export' : split;
    for (const label of labels) {
      const files = counts[label] ?? 0;
      const share = total > 0 ? files / total : 0;
      if (files === 0) warnings.push({ split, label, files, share, message: `${where} has no ${label} frame` });
      else if (share < SMALL_CLASS_SHARE) {
        warnings.push({ split, label, files, share, message: `${label} is ${(share * 100).toFixed(1)} % of ${where} (${files.toLocaleString('en')} of ${total.toLocaleString('en')} files)` });
      }
    }
  }
  return warnings;
}

/** The plan of `options` on `db`, with the library at `libraryRoot` for the JPEGs' sizes. */
export async function dryRunExport(db: DB, libraryRoot: string, options: ExportOptions, { exactFiles = EXACT_FILES } = {}): Promise<DryRun> {
  const plan = planExport(db, options);
  const realRoot = await libraryRealPath(libraryRoot);
  const exact = plan.frames.length <= exactFiles;
  const sized = await Promise.all(spread(plan.frames, exact ? plan.frames.length : SAMPLED_FILES).map(async (f) => ({ ...f, size: await sizeOf(realRoot, f.film, f.frame) })));
  const missing = new Set(sized.filter((f) => f.size === null).map((f) => `${f.frame}:${f.film}`));

  let bySplit = plan.counts.bySplit;
  let files = plan.counts.files;
  let crops: DryRun['crops'] = null;
  /** Frames the export reads: with crops, only those with a face to crop. */
  let read: (film: string, frame: number) => boolean = () => true;
  if (options.formats.crop !== null) {
    // Crops depend on each frame's faces and size: expand every frame, as the export does (no image is read).
    const maker = sampleMaker(db, options);
    const counts = emptySampleCounts();
    const withSamples = new Set<string>();
    for (const frame of plan.rows()) {
      const key = `${frame.frame}:${frame.film}`;
      if (exact && missing.has(key)) continue;
      const expansion = maker.expand(frame);
      countExpansion(counts, expansion);
      if (expansion.samples.length > 0) withSamples.add(key);
    }
    bySplit = counts.bySplit;
    files = counts.samples;
    crops = { skippedSmall: counts.skippedSmall, framesWithoutFace: counts.framesWithoutFace };
    read = (film, frame) => withSamples.has(`${frame}:${film}`);
  } else if (exact && missing.size > 0) {
    bySplit = {};
    for (const f of plan.frames) {
      if (missing.has(`${f.frame}:${f.film}`)) continue;
      const counts = (bySplit[f.split ?? ALL] ??= {});
      counts[f.label ?? ALL] = (counts[f.label ?? ALL] ?? 0) + 1;
    }
    files -= missing.size;
  }

  const present = sized.filter((f) => f.size !== null && (crops === null || !exact || read(f.film, f.frame)));
  const bytesSeen = present.reduce((sum, f) => sum + f.size!, 0);
  const readCount = crops === null ? plan.frames.length : plan.frames.filter((f) => read(f.film, f.frame)).length;
  const images = exact ? bytesSeen : sized.length === 0 ? 0 : Math.round((bytesSeen / sized.length) * readCount);
  return {
    files,
    bySplit,
    groups: plan.counts.groups,
    droppedBy: plan.counts.droppedBy,
    withoutImage: plan.counts.withoutImage,
    inBothSets: plan.counts.inBothSets,
    missingFiles: exact ? missing.size : null,
    crops,
    bytes: { images, exact, checked: sized.length, transformed: options.formats.crop !== null || !keepsOriginal(options.image) },
    drop: plan.drop,
    leakage: plan.leakage,
    where: plan.description,
    warnings: classWarnings(bySplit, options.layout.kind === 'positive-negative' ? ['positive', 'negative'] : []),
  };
}
