/**
 * Computes the palette of every frame with a JPEG, and only where needed: a
 * frame whose JPEG has the size and mtime it had when analysed is skipped, so
 * an interrupted run resumes where it stopped and a re-run after touching a
 * few JPEGs redoes only those. Images are decoded in parallel (libvips works
 * on the libuv thread pool); results are written in batches, each in one
 * immediate transaction, so readers never wait long.
 */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import { frameImagePath } from '@/lib/library/files';
import { extractPalette } from './extract';
import { type PaletteRecord, writePalettes } from './store';

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
}

export interface AnalyzeReport {
  /** Frames that have a JPEG according to the ingested library. */
  total: number;
  computed: number;
  /** Unchanged since their palette was computed. */
  skipped: number;
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
}

const frameList = preparedFor((db: DB) =>
  db.prepare<[], FrameToCheck>(
    'SELECT f.film, f.frame, p.source_size, p.source_mtime_ms FROM frames AS f ' +
      'LEFT JOIN frame_palettes AS p ON p.film = f.film AND p.frame = f.frame ' +
      'WHERE f.has_image = 1 ORDER BY f.film, f.frame',
  ),
);

type Outcome = { kind: 'skipped' } | { kind: 'missing'; problem: string } | { kind: 'done'; record: PaletteRecord };

async function analyzeFrame(root: string, item: FrameToCheck): Promise<Outcome> {
  const file = await frameImagePath(root, item.film, item.frame);
  if (file === null) return { kind: 'missing', problem: `${item.film}: frame ${item.frame}: JPEG not found in ${root}` };
  const info = await stat(file);
  const source = { size: info.size, mtimeMs: info.mtimeMs };
  if (item.source_size === source.size && item.source_mtime_ms === source.mtimeMs) return { kind: 'skipped' };
  const base = { film: item.film, frame: item.frame, source };
  try {
    return { kind: 'done', record: { ...base, palette: await extractPalette(file), problem: null } };
  } catch (error) {
    return { kind: 'done', record: { ...base, palette: null, problem: `${item.film}: frame ${item.frame}: ${(error as Error).message}` } };
  }
}

export async function analyzeLibrary(db: DB, root: string, options: AnalyzeOptions = {}): Promise<AnalyzeReport> {
  const items = frameList(db).all();
  const concurrency = Math.max(1, options.concurrency ?? os.availableParallelism());
  const batchSize = Math.max(1, options.batchSize ?? 200);
  const report: AnalyzeReport = { total: items.length, computed: 0, skipped: 0, failed: 0, missing: 0, problems: [], aborted: false };
  let batch: PaletteRecord[] = [];
  let next = 0;
  let done = 0;

  const flush = () => {
    if (batch.length > 0) writePalettes(db, batch);
    batch = [];
  };
  const record = (item: FrameToCheck, outcome: Outcome) => {
    done++;
    if (outcome.kind === 'skipped') report.skipped++;
    else if (outcome.kind === 'missing') {
      report.missing++;
      report.problems.push(outcome.problem);
    } else {
      if (outcome.record.problem === null) report.computed++;
      else {
        report.failed++;
        report.problems.push(outcome.record.problem);
      }
      batch.push(outcome.record);
      if (batch.length >= batchSize) flush();
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
        record(item, await analyzeFrame(root, item));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  flush();
  if (failure !== null) throw failure;
  report.aborted = options.signal?.aborted === true && done < items.length;
  return report;
}
