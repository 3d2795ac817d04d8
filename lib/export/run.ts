/**
 * Runs an export from start to end, for the CLI and the server alike: plan
 * the frames, check their JPEGs, write manifest.csv, the images one at a
 * time, manifest.json, and complete the folder or zip, reporting progress
 * and stopping cleanly on an AbortSignal.
 *
 * It reads through its own read-only database connection inside one
 * transaction: every pass over the plan sees the same snapshot even if an
 * ingest runs meanwhile, and the long-lived row iterators never block the
 * app's own connection, whose writes (curation) go on during an export.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { openDatabase } from '@/lib/db/connection';
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
import { planExport, type PlannedFrame } from './plan';
import { classNames, countExpansion, emptySampleCounts, sampleMaker, type Sample } from './samples';
import { ExportError, type ExportSink } from './sink';
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

export interface ExportProgress {
  filesDone: number;
  filesTotal: number;
  /** Bytes of original images read so far, and in all (known once the JPEGs have been checked). */
  bytesDone: number;
  bytesTotal: number;
  startedAt: string;
  /** Seconds left at the rate so far, null until there is a rate. */
  etaSeconds: number | null;
}

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
const PROGRESS_EVERY_MS = 200;
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

export async function runExport(
  sources: ExportSources,
  options: ExportOptions,
  destination: ExportDestination,
  hooks: ExportHooks = {},
): Promise<ExportResult> {
  const { signal } = hooks;
  const started = new Date();
  const db = openDatabase(sources.dbFile, { readonly: true });
  let shuffled: ShuffledSamples | null = null;
  let sink: ExportSink | null = null;
  const inFlight = new Set<Promise<void>>();
  // Every row iterator handed out, so that none is left open (an open one keeps the connection busy and unclosable).
  const iterators: Array<Generator<unknown>> = [];
  const track = <T>(iterator: Generator<T>): Generator<T> => {
    iterators.push(iterator);
    return iterator;
  };
  const closeIterators = () => {
    for (const iterator of iterators) iterator.return(undefined);
  };
  try {
    db.exec('BEGIN');
    const plan = planExport(db, options);
    const rows = () => track(plan.rows());
    const selection = options.selection === null ? null : (selectionLookup(db).selection(options.selection) ?? null);
    const progress: ExportProgress = {
      filesDone: 0,
      filesTotal: plan.counts.files,
      bytesDone: 0,
      bytesTotal: 0,
      startedAt: started.toISOString(),
      etaSeconds: null,
    };
    hooks.onProgress?.({ ...progress });

    // Resolved once: a missing library means every JPEG is missing.
    const realRoot = await libraryRealPath(sources.libraryRoot);
    const maker = sampleMaker(db, options);
    const found = await survey(rows(), realRoot, signal, (frame) => options.formats.crop === null || maker.expand(frame).samples.length > 0);
    progress.filesTotal = plan.counts.files - found.missing.size;
    progress.bytesTotal = found.bytes;
    hooks.onProgress?.({ ...progress });
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
    const samples = shuffle ? () => track(shuffle.samples()) : () => track(planSamples());
    progress.filesTotal = counts.samples;
    hooks.onProgress?.({ ...progress });

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

    const writing = Date.now();
    let reported = 0;
    // Called in order, it hands the sample to the sink before its first await: that call fixes its place in a zip or shard.
    const writeSample = async (sample: Sample, source: string | null) => {
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
      progress.filesDone++;
      progress.bytesDone += size / sample.siblings;
      const elapsed = (Date.now() - writing) / 1000;
      const rate = elapsed > 0 ? progress.bytesDone / elapsed : 0;
      progress.etaSeconds = rate > 0 ? Math.max(0, Math.round((progress.bytesTotal - progress.bytesDone) / rate)) : null;
      if (Date.now() - reported >= PROGRESS_EVERY_MS || progress.filesDone === progress.filesTotal) {
        reported = Date.now();
        hooks.onProgress?.({ ...progress, bytesDone: Math.round(progress.bytesDone) });
      }
    };
    // Up to sink.concurrency samples in flight: a folder overlaps its file copies (and sharp its conversions), a zip or shard reads ahead of its entries.
    const failures: unknown[] = [];
    for await (const [sample, source] of withSources(samples(), realRoot, 2 * out.concurrency)) {
      checkAborted(signal);
      const task: Promise<void> = writeSample(sample, source)
        .catch((error: unknown) => void failures.push(error))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= out.concurrency) await Promise.race(inFlight);
      if (failures.length > 0) throw failures[0];
    }
    await Promise.all(inFlight);
    if (failures.length > 0) throw failures[0];
    progress.bytesDone = Math.round(progress.bytesDone);
    if (shards) await out.writeText(MANIFEST_CSV, manifestCsv(abortable(shardManifestRows(samples(), shards, withCrops), signal), extraHeader));

    const manifestCounts: ManifestInfo['counts'] = { ...plan.counts, files: progress.filesDone, bySplit: counts.bySplit, missingFiles: found.missing.size };
    const info: ManifestInfo = {
      version: packageJson.version,
      createdAt: started.toISOString(),
      query: options.query,
      where: plan.description,
      selection: selection && { id: selection.id, name: selection.name, query: selection.query },
      options: describeOptions(options),
      counts: manifestCounts,
      drop: plan.drop,
      leakage: plan.leakage,
      missingFiles: found.listed,
      formats: formatsSummary(options.formats, counts, classes, shards, textFiles),
    };
    await out.writeText(MANIFEST_JSON, manifestJson(info, selection ? track(manualChanges(db, selection.id)) : []));
    closeIterators();
    db.exec('COMMIT');
    checkAborted(signal);
    await out.finish();
    progress.etaSeconds = 0;
    hooks.onProgress?.({ ...progress });
    return { files: progress.filesDone, bytes: progress.bytesDone, counts: manifestCounts, missingFiles: found.listed };
  } catch (error) {
    // Let the frames still being written finish (or fail) before their folder or zip is removed.
    await Promise.allSettled(inFlight);
    closeIterators();
    await sink?.abort();
    if (signal?.aborted) throw new ExportCancelled('export cancelled');
    throw error;
  } finally {
    closeIterators();
    if (db.inTransaction) db.exec('ROLLBACK');
    db.close();
    shuffled?.close();
  }
}
