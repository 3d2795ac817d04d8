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
import { FRAMES_DIR } from '@/lib/ingest/discover';
import { frameFileName } from '@/lib/ingest/images';
import { frameImagePathIn, libraryRealPath } from '@/lib/library/files';
import { selectionLookup } from '@/lib/query/selection-filter';
import { manualChanges } from '@/lib/selections';
import packageJson from '@/package.json';
import { openFolderSink } from './folder-sink';
import { keepsOriginal, transformImage } from './images';
import { MANIFEST_CSV, MANIFEST_JSON, manifestCsv, manifestJson, type ManifestInfo } from './manifest';
import { describeOptions, type ExportOptions } from './options';
import { ALL, planExport, type PlanCounts, type PlannedFrame } from './plan';
import { ExportError, type ExportSink } from './sink';

export { ExportError };
import { needsZip64, openZipFile, openZipSink } from './zip-sink';

export interface ExportSources {
  dbFile: string;
  libraryRoot: string;
}

/** Where the export goes; folder and zip-file paths come checked from resolveExportFolder / checkZipFile. */
export type ExportDestination = { kind: 'folder'; folder: string } | { kind: 'zip-file'; file: string } | { kind: 'zip-stream'; stream: Writable };

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

/** Finds every planned frame's JPEG: the bytes to come, and the frames whose file is gone since the ingest. */
async function survey(rows: Iterable<PlannedFrame>, realRoot: string | null, signal: AbortSignal | undefined) {
  let bytes = 0;
  const missing = new Set<string>();
  const listed: Array<{ film: string; frame: number }> = [];
  const measure = async (frame: PlannedFrame) => {
    const file = realRoot === null ? null : await frameImagePathIn(realRoot, frame.film, frame.frame);
    if (file !== null) {
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

async function openSink(destination: ExportDestination, options: { forceZip64: boolean; date: Date }): Promise<ExportSink> {
  switch (destination.kind) {
    case 'folder':
      return openFolderSink(destination.folder);
    case 'zip-file':
      return openZipFile(destination.file, options);
    case 'zip-stream':
      return openZipSink(destination.stream, options);
  }
}

async function transform(source: string, frame: PlannedFrame, image: ExportOptions['image']): Promise<Buffer> {
  try {
    return await transformImage(source, image);
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
async function* withSources(frames: Iterable<PlannedFrame>, realRoot: string | null, ahead: number): AsyncGenerator<[PlannedFrame, string | null]> {
  const queue: Array<[PlannedFrame, Promise<string | null>]> = [];
  for (const frame of frames) {
    const source = realRoot === null ? Promise.resolve(null) : frameImagePathIn(realRoot, frame.film, frame.frame);
    // Awaited in its turn below; until then a failure must not count as unhandled.
    source.catch(() => {});
    queue.push([frame, source]);
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

export async function runExport(
  sources: ExportSources,
  options: ExportOptions,
  destination: ExportDestination,
  hooks: ExportHooks = {},
): Promise<ExportResult> {
  const { signal } = hooks;
  const started = new Date();
  const db = openDatabase(sources.dbFile, { readonly: true });
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
    const found = await survey(rows(), realRoot, signal);
    progress.filesTotal = plan.counts.files - found.missing.size;
    progress.bytesTotal = found.bytes;
    hooks.onProgress?.({ ...progress });
    const keep = (frame: PlannedFrame) => !found.missing.has(frameKey(frame.film, frame.frame));

    const out = await openSink(destination, { forceZip64: needsZip64(progress.filesTotal + 2, found.bytes), date: started });
    sink = out;
    await out.writeText(MANIFEST_CSV, manifestCsv(abortable(rows(), signal), keep));

    const writing = Date.now();
    let reported = 0;
    // Called in plan order, it hands the frame to the sink before its first await: that call fixes the frame's place in a zip.
    const writeFrame = async (frame: PlannedFrame, source: string | null) => {
      if (source === null) throw new ExportError(`${frame.film} frame ${frame.frame}: the JPEG disappeared from the library during the export`);
      let size: number;
      if (keepsOriginal(options.image)) {
        size = await out.copyFile(frame.path, source);
      } else {
        await out.writeData(frame.path, transform(source, frame, options.image), false);
        ({ size } = await stat(source));
      }
      progress.filesDone++;
      progress.bytesDone += size;
      const elapsed = (Date.now() - writing) / 1000;
      const rate = elapsed > 0 ? progress.bytesDone / elapsed : 0;
      progress.etaSeconds = rate > 0 ? Math.max(0, Math.round((progress.bytesTotal - progress.bytesDone) / rate)) : null;
      if (Date.now() - reported >= PROGRESS_EVERY_MS || progress.filesDone === progress.filesTotal) {
        reported = Date.now();
        hooks.onProgress?.({ ...progress });
      }
    };
    function* keptFrames() {
      for (const frame of rows()) if (keep(frame)) yield frame;
    }
    // Up to sink.concurrency frames in flight: a folder overlaps its file copies (and sharp its conversions), a zip reads ahead of its entries.
    const failures: unknown[] = [];
    for await (const [frame, source] of withSources(keptFrames(), realRoot, 2 * out.concurrency)) {
      checkAborted(signal);
      const task: Promise<void> = writeFrame(frame, source)
        .catch((error: unknown) => void failures.push(error))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= out.concurrency) await Promise.race(inFlight);
      if (failures.length > 0) throw failures[0];
    }
    await Promise.all(inFlight);
    if (failures.length > 0) throw failures[0];

    const counts: ManifestInfo['counts'] = { ...plan.counts, files: progress.filesDone, missingFiles: found.missing.size };
    if (found.missing.size > 0) subtractMissing(counts, rows(), keep);
    const info: ManifestInfo = {
      version: packageJson.version,
      createdAt: started.toISOString(),
      query: options.query,
      where: plan.description,
      selection: selection && { id: selection.id, name: selection.name, query: selection.query },
      options: describeOptions(options),
      counts,
      drop: plan.drop,
      leakage: plan.leakage,
      missingFiles: found.listed,
    };
    await out.writeText(MANIFEST_JSON, manifestJson(info, selection ? track(manualChanges(db, selection.id)) : []));
    closeIterators();
    db.exec('COMMIT');
    checkAborted(signal);
    await out.finish();
    progress.etaSeconds = 0;
    hooks.onProgress?.({ ...progress });
    return { files: progress.filesDone, bytes: progress.bytesDone, counts, missingFiles: found.listed };
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
  }
}

/** Takes frames whose JPEG was missing out of the per-split, per-class counts (rare: a file deleted after the ingest). */
function subtractMissing(counts: PlanCounts, rows: Iterable<PlannedFrame>, keep: (frame: PlannedFrame) => boolean): void {
  for (const frame of rows) {
    if (keep(frame)) continue;
    const split = counts.bySplit[frame.split ?? ALL];
    const label = frame.label ?? ALL;
    if (split && split[label] !== undefined) split[label]--;
  }
}
