/**
 * Runs an export from start to end, for the CLI and the server alike: plan
 * the frames, check their JPEGs, write manifest.csv, the images one at a
 * time, manifest.json, and complete the folder or zip, reporting progress
 * (./progress) and stopping cleanly on an AbortSignal. It reads one snapshot
 * of the database (./snapshot) and writes the images through ./pool.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { FRAMES_DIR, frameFileName } from '@/lib/library/layout';
import { frameImagePathIn, libraryRealPath } from '@/lib/library/files';
import { selectionLookup } from '@/lib/query/selection-filter';
import { manualChanges } from '@/lib/selections';
import packageJson from '@/package.json';
import { openFolderSink } from './folder-sink';
import { CROP_COLUMNS, formatsSummary, manifestRow, sampleMembers, shardGroup, shardManifestRows, ShuffledSamples, textOutputs } from './format-outputs';
import { keepsOriginal, transformImage } from './images';
import { MANIFEST_CSV, MANIFEST_JSON, manifestCsv, manifestJson, type ManifestInfo } from './manifest';
import { describeOptions, type ExportOptions } from './options';
import { planExport, type ExportPlan, type PlannedFrame } from './plan';
import { inOrder } from './pool';
import { ProgressTracker, type ExportProgress } from './progress';
import { classNames, countExpansion, emptySampleCounts, sampleMaker, type Sample } from './samples';
import { ExportError, type ExportSink } from './sink';
import { ReadSnapshot } from './snapshot';
import { openWebDatasetSink, WebDatasetSink } from './webdataset';

export { ExportError };
import { needsZip64, openZipFile, openZipSink } from './zip-sink';

export interface ExportSources {
  dbFile: string;
  libraryRoot: string;
}

/** Where the export goes; folder and zip-file paths come checked from resolveExportFolder / checkZipFile. */
export type ExportDestination =
  | { kind: 'folder'; folder: string }
  | { kind: 'zip-file'; file: string }
  | { kind: 'zip-stream'; stream: Writable }
  /** WebDataset shards in a new folder (from resolveExportFolder), like a folder export. */
  | { kind: 'webdataset'; folder: string };

export type { ExportProgress };

export interface ExportHooks {
  onProgress?(progress: ExportProgress): void;
  signal?: AbortSignal;
}

export interface ExportResult {
  files: number;
  bytes: number;
  counts: ManifestInfo['counts'];
  /** The frames whose JPEG was missing (left out and listed in manifest.json). */
  missingFiles: Array<{ film: string; frame: number }>;
}

/** The export was cancelled through its AbortSignal; whatever it wrote has been removed. */
export class ExportCancelled extends Error {
  override readonly name = 'ExportCancelled';
}

const SURVEY_BATCH = 64;
/** manifest.json lists this many missing JPEGs; the count is always complete. */
const LISTED_MISSING = 1000;

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelled('export cancelled');
}

const frameKey = (film: string, frame: number) => `${frame}:${film}`;

/**
 * Finds every planned frame's JPEG: the bytes to come (of the frames `read`
 * will read: with face crops, those with a face to crop), and the frames
 * whose file is gone since the ingest.
 */
async function survey(rows: Iterable<PlannedFrame>, realRoot: string | null, signal: AbortSignal | undefined, read: (frame: PlannedFrame) => boolean) {
  let bytes = 0;
  const missing = new Set<string>();
  const listed: Array<{ film: string; frame: number }> = [];
  const measure = async (frame: PlannedFrame) => {
    const file = realRoot === null ? null : await frameImagePathIn(realRoot, frame.film, frame.frame);
    if (file !== null) {
      if (!read(frame)) return;
      // Read the size first: `bytes += await ...` would read `bytes` before the await and lose concurrent additions.
      const { size } = await stat(file);
      bytes += size;
      return;
    }
    missing.add(frameKey(frame.film, frame.frame));
    if (listed.length < LISTED_MISSING) listed.push({ film: frame.film, frame: frame.frame });
  };
  let batch: PlannedFrame[] = [];
  for (const frame of rows) {
    batch.push(frame);
    if (batch.length < SURVEY_BATCH) continue;
    checkAborted(signal);
    await Promise.all(batch.map(measure));
    batch = [];
  }
  await Promise.all(batch.map(measure));
  return { bytes, missing, listed };
}

async function openSink(destination: ExportDestination, export_: ExportOptions, options: { forceZip64: boolean; date: Date }): Promise<ExportSink> {
  switch (destination.kind) {
    case 'folder':
      return openFolderSink(destination.folder);
    case 'webdataset':
      return openWebDatasetSink(await openFolderSink(destination.folder), export_.formats.shardSize, options.date);
    case 'zip-file':
      return openZipFile(destination.file, options);
    case 'zip-stream':
      return openZipSink(destination.stream, options);
  }
}

async function transform(source: string, sample: Sample, image: ExportOptions['image']): Promise<Buffer> {
  const { frame } = sample;
  try {
    const expected = sample.width !== null && sample.height !== null ? { width: sample.width, height: sample.height } : null;
    return await transformImage(source, image, sample.crop, expected);
  } catch (error) {
    const file = path.posix.join(FRAMES_DIR, frame.film, frameFileName(frame.film, frame.frame));
    throw new ExportError(`${frame.film} frame ${frame.frame}: sharp cannot convert ${file}: ${(error as Error).message}`);
  }
}

/**
 * Each frame with the real path of its JPEG (null if it is gone), resolved
 * up to `ahead` frames in advance (each is a trip to the thread pool) and
 * yielded in plan order.
 */
async function* withSources(samples: Iterable<Sample>, realRoot: string | null, ahead: number): AsyncGenerator<[Sample, string | null]> {
  const queue: Array<[Sample, Promise<string | null>]> = [];
  for (const sample of samples) {
    const { frame } = sample;
    const source = realRoot === null ? Promise.resolve(null) : frameImagePathIn(realRoot, frame.film, frame.frame);
    // Awaited in its turn below; until then a failure must not count as unhandled.
    source.catch(() => {});
    queue.push([sample, source]);
    if (queue.length > ahead) {
      const [next, resolving] = queue.shift()!;
      yield [next, await resolving];
    }
  }
  for (const [next, resolving] of queue) yield [next, await resolving];
}

function* abortable<T>(items: Iterable<T>, signal: AbortSignal | undefined): Generator<T> {
  for (const item of items) {
    checkAborted(signal);
    yield item;
  }
}

function* mapped<T, U>(items: Iterable<T>, map: (item: T) => U): Generator<U> {
  for (const item of items) yield map(item);
}

/** manifest.json's description of the export, once every file is written. */
function describeExport(
  options: ExportOptions,
  plan: ExportPlan,
  started: Date,
  selection: { id: number; name: string; query: string } | null,
  counts: ManifestInfo['counts'],
  missingFiles: ManifestInfo['missingFiles'],
  formats: ManifestInfo['formats'],
): ManifestInfo {
  return {
    version: packageJson.version,
    createdAt: started.toISOString(),
    query: options.query,
    where: plan.description,
    selection: selection && { id: selection.id, name: selection.name, query: selection.query },
    options: describeOptions(options),
    counts,
    drop: plan.drop,
    leakage: plan.leakage,
    missingFiles,
    formats,
  };
}

export async function runExport(
  sources: ExportSources,
  options: ExportOptions,
  destination: ExportDestination,
  hooks: ExportHooks = {},
): Promise<ExportResult> {
  const { signal } = hooks;
  const started = new Date();
  const snapshot = new ReadSnapshot(sources.dbFile);
  const { db } = snapshot;
  let shuffled: ShuffledSamples | null = null;
  let sink: ExportSink | null = null;
  try {
    snapshot.begin();
    const plan = planExport(db, options);
    const rows = () => snapshot.track(plan.rows());
    const selection = options.selection === null ? null : (selectionLookup(db).selection(options.selection) ?? null);
    const tracker = new ProgressTracker(started, plan.counts.files, hooks.onProgress);
    const { progress } = tracker;
    tracker.report();

    // Resolved once: a missing library means every JPEG is missing.
    const realRoot = await libraryRealPath(sources.libraryRoot);
    const maker = sampleMaker(db, options);
    const found = await survey(rows(), realRoot, signal, (frame) => options.formats.crop === null || maker.expand(frame).samples.length > 0);
    progress.filesTotal = plan.counts.files - found.missing.size;
    progress.bytesTotal = found.bytes;
    tracker.report();
    const keep = (frame: PlannedFrame) => !found.missing.has(frameKey(frame.film, frame.frame));

    // One pass over the plan without images: the samples (crops) and boxes to write, and with WebDataset their shuffle.
    const counts = emptySampleCounts();
    if (destination.kind === 'webdataset') shuffled = new ShuffledSamples(options.seed);
    const shuffle = shuffled;
    for (const frame of abortable(rows(), signal)) {
      if (!keep(frame)) continue;
      const expansion = maker.expand(frame);
      countExpansion(counts, expansion);
      for (const sample of expansion.samples) shuffle?.add(sample);
    }
    const classes = classNames(counts);
    function* planSamples(): Generator<Sample> {
      for (const frame of rows()) if (keep(frame)) yield* maker.expand(frame).samples;
    }
    const samples = shuffle ? () => snapshot.track(shuffle.samples()) : () => snapshot.track(planSamples());
    progress.filesTotal = counts.samples;
    tracker.report();

    const withCrops = options.formats.crop !== null;
    const extraHeader = withCrops ? CROP_COLUMNS : [];
    const out = await openSink(destination, options, { forceZip64: needsZip64(progress.filesTotal + 8, found.bytes), date: started });
    sink = out;
    const shards = out instanceof WebDatasetSink ? out : null;
    const textFiles: string[] = [];
    if (!shards) {
      await out.writeText(MANIFEST_CSV, manifestCsv(mapped(abortable(samples(), signal), (s) => manifestRow(s, s.path, withCrops)), extraHeader));
      for (const [file, chunks] of textOutputs(samples, counts, options, started.toISOString())) {
        textFiles.push(file);
        await out.writeText(file, abortable(chunks, signal));
      }
    }

    tracker.startWriting();
    // Called in order, it hands the sample to the sink before its first await: that call fixes its place in a zip or shard.
    const writeSample = async ([sample, source]: [Sample, string | null]) => {
      const { frame } = sample;
      if (source === null) throw new ExportError(`${frame.film} frame ${frame.frame}: the JPEG disappeared from the library during the export`);
      const file = shards ? `${shardGroup(sample)}/${sample.key}.${sample.extension}` : sample.path;
      let size: number;
      const pending: Array<Promise<unknown>> = [];
      if (sample.crop === null && keepsOriginal(options.image)) {
        pending.push(out.copyFile(file, source));
      } else {
        pending.push(out.writeData(file, transform(source, sample, options.image), false));
      }
      if (shards) for (const [name, data] of sampleMembers(sample, classes)) pending.push(out.writeData(name, data, false));
      const [first] = await Promise.all(pending);
      if (typeof first === 'number' && sample.siblings === 1) size = first;
      else ({ size } = await stat(source));
      tracker.written(size / sample.siblings);
    };
    await inOrder(withSources(samples(), realRoot, 2 * out.concurrency), out.concurrency, writeSample, () => checkAborted(signal));
    tracker.finish();
    if (shards) await out.writeText(MANIFEST_CSV, manifestCsv(abortable(shardManifestRows(samples(), shards, withCrops), signal), extraHeader));

    const manifestCounts: ManifestInfo['counts'] = { ...plan.counts, files: progress.filesDone, bySplit: counts.bySplit, missingFiles: found.missing.size };
    const formats = formatsSummary(options.formats, counts, classes, shards, textFiles);
    const info = describeExport(options, plan, started, selection, manifestCounts, found.listed, formats);
    await out.writeText(MANIFEST_JSON, manifestJson(info, selection ? snapshot.track(manualChanges(db, selection.id)) : []));
    snapshot.commit();
    checkAborted(signal);
    await out.finish();
    progress.etaSeconds = 0;
    tracker.report();
    return { files: progress.filesDone, bytes: progress.bytesDone, counts: manifestCounts, missingFiles: found.listed };
  } catch (error) {
    snapshot.closeIterators();
    await sink?.abort();
    if (signal?.aborted) throw new ExportCancelled('export cancelled');
    throw error;
  } finally {
    snapshot.close();
    shuffled?.close();
  }
}
