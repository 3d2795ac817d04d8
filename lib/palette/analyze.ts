/**
 * Computes the palette of every frame with a JPEG, and only where needed: a
 * frame whose JPEG has the size and mtime it had when analysed is skipped, so
 * an interrupted run resumes where it stopped and a re-run after touching a
 * few JPEGs redoes only those. Images are decoded in parallel (libvips works
 * on the libuv thread pool); results are written in batches, each in one
 * immediate transaction, so readers never wait long.
 *
 * The same pass fills the thumbnail cache with the grid's default widths
 * (PREGENERATED_WIDTHS), the smallest from the very decode the palette is
 * computed from, so the first look at an analysed film is served from disk
 * instead of waiting for sharp. A frame whose palette is current but whose
 * thumbnails are missing (a cleared cache) gets only its thumbnails.
 */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import { readCacheDir } from '@/lib/config';
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { frameImagePath } from '@/lib/library/files';
import { PREGENERATED_WIDTHS } from '@/lib/thumb-widths';
import { decodeForThumbnail, encodeThumbnail, isCached, thumbnailCacheFile, writeAtomically, type DecodedPixels } from '@/lib/thumbnails';
import { decodeForPalette, PALETTE_DECODE_WIDTH, paletteOfDecoded } from './extract';
import { type PaletteRecord, writePalettes } from './store';
import { hashPixels } from '@/lib/dupes/hash';
import { type HashRecord, writeHashes } from '@/lib/dupes/store';
import { recordAnalysisRun, type RunProgress } from '@/lib/analysis/progress';

/** How often the run's progress is written for the app to show. */
const REPORT_EVERY_MS = 1000;

export interface AnalyzeProgress {
  /** Frames looked at so far, of `total`. */
  done: number;
  total: number;
  computed: number;
  skipped: number;
  failed: number;
  /** The film of the last frame looked at. */
  film: string;
}

export interface AnalyzeOptions {
  onProgress?: (progress: AnalyzeProgress) => void;
  /** Stops starting new frames; what is done is written, so the next run resumes. */
  signal?: AbortSignal;
  /** Images decoded at once; defaults to the number of cores. */
  concurrency?: number;
  /** Results per write transaction. */
  batchSize?: number;
  /** The thumbnail cache to fill with PREGENERATED_WIDTHS; STILLROOM_CACHE's by default, null for none. */
  thumbnailCache?: string | null;
}

export interface AnalyzeReport {
  /** Frames that have a JPEG according to the ingested library. */
  total: number;
  computed: number;
  /** Perceptual hashes computed (lib/dupes/hash.ts), from the palette's decode. */
  hashed: number;
  /** Unchanged since their palette was computed, thumbnails cached. */
  skipped: number;
  /** Thumbnails written into the cache. */
  thumbnails: number;
  /** JPEGs that could not be decoded: stored with their problem, retried when the file changes. */
  failed: number;
  /** JPEGs the library lists but that are gone from disk. */
  missing: number;
  /** One line per failed or missing frame, naming film, frame and file. */
  problems: string[];
  aborted: boolean;
}

interface FrameToCheck {
  film: string;
  frame: number;
  source_size: number | null;
  source_mtime_ms: number | null;
  /** This version of the JPEG could not be decoded when analysed. */
  failed: 0 | 1 | null;
  hash_size: number | null;
  hash_mtime_ms: number | null;
}

const frameList = preparedFor((db: DB) =>
  db.prepare<[], FrameToCheck>(
    'SELECT f.film, f.frame, p.source_size, p.source_mtime_ms, p.problem IS NOT NULL AS failed, h.source_size AS hash_size, h.source_mtime_ms AS hash_mtime_ms ' +
      'FROM frames AS f LEFT JOIN frame_palettes AS p ON p.film = f.film AND p.frame = f.frame ' +
      'LEFT JOIN frame_hashes AS h ON h.film = f.film AND h.frame = f.frame ' +
      'WHERE f.has_image = 1 ORDER BY f.film, f.frame',
  ),
);

type Outcome =
  | { kind: 'skipped' }
  | { kind: 'missing'; problem: string }
  | { kind: 'thumbnails'; thumbnails: number }
  | { kind: 'done'; record: PaletteRecord | null; hash: HashRecord | null; thumbnails: number };

type Target = { width: (typeof PREGENERATED_WIDTHS)[number]; file: string };

/**
 * Writes the missing thumbnails, the palette's width from `paletteDecode` so
 * that one is decoded once. A width sharp cannot make is left to the route,
 * which serves it with a placeholder. Returns how many were written.
 */
async function cacheThumbnails(file: string, targets: Target[], paletteDecode: DecodedPixels | null): Promise<number> {
  let written = 0;
  for (const target of targets) {
    let pixels = target.width === PALETTE_DECODE_WIDTH ? paletteDecode : null;
    if (pixels === null) {
      try {
        pixels = await decodeForThumbnail(file, target.width, 'error');
      } catch {
        continue;
      }
    }
    await writeAtomically(target.file, await encodeThumbnail(pixels));
    written++;
  }
  return written;
}

async function analyzeFrame(root: string, cacheDir: string | null, item: FrameToCheck): Promise<Outcome> {
  const file = await frameImagePath(root, item.film, item.frame);
  if (file === null) return { kind: 'missing', problem: `${item.film}: frame ${item.frame}: JPEG not found in ${root}` };
  const info = await stat(file);
  const source = { size: info.size, mtimeMs: info.mtimeMs };
  const paletteCurrent = item.source_size === source.size && item.source_mtime_ms === source.mtimeMs;
  const hashCurrent = item.hash_size === source.size && item.hash_mtime_ms === source.mtimeMs;
  const targets: Target[] = [];
  if (cacheDir !== null) {
    for (const width of PREGENERATED_WIDTHS) {
      const target = thumbnailCacheFile(cacheDir, item.film, item.frame, width, file, source);
      if (!(await isCached(target))) targets.push({ width, file: target });
    }
  }
  // A JPEG that failed to decode is not tried again, for its palette or its thumbnails, until it changes.
  if (paletteCurrent && item.failed === 1) return { kind: 'skipped' };
  if (paletteCurrent && hashCurrent && targets.length === 0) return { kind: 'skipped' };

  let decoded: DecodedPixels | null = null;
  if (!paletteCurrent || !hashCurrent || targets.some((t) => t.width === PALETTE_DECODE_WIDTH)) {
    try {
      decoded = await decodeForPalette(file);
    } catch (error) {
      if (paletteCurrent) return { kind: 'thumbnails', thumbnails: 0 };
      const problem = `${item.film}: frame ${item.frame}: ${(error as Error).message}`;
      const hash = { film: item.film, frame: item.frame, source, hash: null };
      return { kind: 'done', record: { film: item.film, frame: item.frame, source, palette: null, problem }, hash, thumbnails: 0 };
    }
  }
  const thumbnails = await cacheThumbnails(file, targets, decoded);
  if ((paletteCurrent && hashCurrent) || decoded === null) return { kind: 'thumbnails', thumbnails };
  // The hash comes from the very pixels the palette does: no decode of its own.
  const hash = hashCurrent ? null : { film: item.film, frame: item.frame, source, hash: hashPixels({ data: decoded.data, width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels }) };
  const record = paletteCurrent ? null : { film: item.film, frame: item.frame, source, palette: await paletteOfDecoded(decoded), problem: null };
  return { kind: 'done', record, hash, thumbnails };
}

export async function analyzeLibrary(db: DB, root: string, options: AnalyzeOptions = {}): Promise<AnalyzeReport> {
  const items = frameList(db).all();
  const concurrency = Math.max(1, options.concurrency ?? os.availableParallelism());
  const batchSize = Math.max(1, options.batchSize ?? 200);
  const cacheDir = options.thumbnailCache === undefined ? readCacheDir() : options.thumbnailCache;
  const report: AnalyzeReport = { total: items.length, computed: 0, hashed: 0, skipped: 0, thumbnails: 0, failed: 0, missing: 0, problems: [], aborted: false };
  let batch: PaletteRecord[] = [];
  let hashes: HashRecord[] = [];
  let next = 0;
  let done = 0;
  // Where the run stands, for the app (lib/analysis/progress.ts): written at the start, a second apart, and at the end.
  const run: RunProgress = {
    done: 0,
    total: items.length,
    palettes: items.filter((item) => item.source_size !== null).length,
    hashes: items.filter((item) => item.hash_size !== null).length,
    startedMs: Date.now(),
    finished: false,
  };
  let reportedMs = run.startedMs;
  recordAnalysisRun(db, run, run.startedMs);

  const flush = () => {
    if (batch.length > 0 || hashes.length > 0) {
      db.transaction(() => {
        writePalettes(db, batch);
        writeHashes(db, hashes);
      }).immediate();
    }
    batch = [];
    hashes = [];
  };
  const record = (item: FrameToCheck, outcome: Outcome) => {
    done++;
    if (outcome.kind === 'skipped') report.skipped++;
    else if (outcome.kind === 'thumbnails') report.thumbnails += outcome.thumbnails;
    else if (outcome.kind === 'missing') {
      report.missing++;
      report.problems.push(outcome.problem);
    } else {
      report.thumbnails += outcome.thumbnails;
      if (outcome.record?.problem) {
        report.failed++;
        report.problems.push(outcome.record.problem);
      } else if (outcome.record) report.computed++;
      if (outcome.record) batch.push(outcome.record);
      if (outcome.record && item.source_size === null) run.palettes++;
      if (outcome.hash) {
        hashes.push(outcome.hash);
        if (outcome.hash.hash) report.hashed++;
        if (item.hash_size === null) run.hashes++;
      }
      if (batch.length + hashes.length >= batchSize) flush();
    }
    run.done = done;
    const now = Date.now();
    if (now - reportedMs >= REPORT_EVERY_MS) {
      // The counts written are of rows already written: what is still in the batch goes first.
      flush();
      recordAnalysisRun(db, run, now);
      reportedMs = now;
    }
    options.onProgress?.({ done, total: items.length, computed: report.computed, skipped: report.skipped, failed: report.failed, film: item.film });
  };

  // Each lane takes the next frame when it finishes one: `concurrency` images in flight at any time.
  // An unexpected error (an unreadable folder, say) stops every lane; what is done is still written.
  let failure: unknown = null;
  const lane = async () => {
    while (next < items.length && failure === null && !options.signal?.aborted) {
      const item = items[next++];
      try {
        record(item, await analyzeFrame(root, cacheDir, item));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
    flush();
  } finally {
    recordAnalysisRun(db, { ...run, finished: true });
  }
  if (failure !== null) throw failure;
  report.aborted = options.signal?.aborted === true && done < items.length;
  return report;
}
