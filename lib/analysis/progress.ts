/**
 * The background analysis's progress as the app shows it: the analysing
 * process writes its run (analysis_runs, db/010) as it goes, with how many
 * frames have a palette and a perceptual hash so far; the server reads it to
 * say "412 of 800 frames · 31 frames/s · about 12 s left" and what the
 * palette and near-duplicate searches cover until the run is done.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';

const RUN = 'frames';
/** A run that has not written for this long is taken for stopped (killed, or the machine slept). */
export const STALLED_AFTER_MS = 60_000;

export interface Coverage {
  /** Frames with a JPEG that have the analysis's result. */
  done: number;
  /** Frames with a JPEG. */
  total: number;
}

export interface AnalysisStatus {
  /** never: no run recorded; running; done; stopped: the run ended (or stopped writing) before the end. */
  state: 'never' | 'running' | 'done' | 'stopped';
  /** Frames looked at in the current (or last) run, of `total`: palettes and thumbnails are made in the same pass. */
  done: number;
  total: number;
  /** Frames a second since the run started; null before any. */
  framesPerSecond: number | null;
  /** Seconds left at that rate, while running; null when unknown. */
  etaSeconds: number | null;
  /** What the palette and near-duplicate searches cover; null before any run. */
  palettes: Coverage | null;
  hashes: Coverage | null;
}

interface RunRow {
  done: number;
  total: number;
  palettes: number;
  hashes: number;
  started_ms: number;
  updated_ms: number;
  finished_ms: number | null;
}

const statements = preparedFor((db: DB) => ({
  write: db.prepare<{ name: string; done: number; total: number; palettes: number; hashes: number; started: number; now: number; finished: number | null }>(
    'INSERT INTO analysis_runs (name, done, total, palettes, hashes, started_ms, updated_ms, finished_ms) VALUES (@name, @done, @total, @palettes, @hashes, @started, @now, @finished) ' +
      'ON CONFLICT (name) DO UPDATE SET done = excluded.done, total = excluded.total, palettes = excluded.palettes, hashes = excluded.hashes, ' +
      'started_ms = excluded.started_ms, updated_ms = excluded.updated_ms, finished_ms = excluded.finished_ms',
  ),
  run: db.prepare<[string], RunRow>('SELECT done, total, palettes, hashes, started_ms, updated_ms, finished_ms FROM analysis_runs WHERE name = ?'),
}));

export interface RunProgress {
  done: number;
  total: number;
  /** Frames of `total` with a palette / a hash so far. */
  palettes: number;
  hashes: number;
  startedMs: number;
  finished: boolean;
}

/** Writes where the run stands; `finished` when it has ended (all done, or interrupted). */
export function recordAnalysisRun(db: DB, run: RunProgress, now = Date.now()): void {
  const { done, total, palettes, hashes, startedMs, finished } = run;
  statements(db).write.run({ name: RUN, done, total, palettes, hashes, started: startedMs, now, finished: finished ? now : null });
}

export function analysisStatus(db: DB, now = Date.now()): AnalysisStatus {
  const run = statements(db).run.get(RUN);
  if (!run) return { state: 'never', done: 0, total: 0, framesPerSecond: null, etaSeconds: null, palettes: null, hashes: null };
  const palettes = { done: run.palettes, total: run.total };
  const hashes = { done: run.hashes, total: run.total };
  const finished = run.finished_ms !== null;
  const state = finished ? (run.done >= run.total ? 'done' : 'stopped') : now - run.updated_ms > STALLED_AFTER_MS ? 'stopped' : 'running';
  const seconds = ((finished ? (run.finished_ms as number) : run.updated_ms) - run.started_ms) / 1000;
  const framesPerSecond = run.done > 0 && seconds > 0 ? run.done / seconds : null;
  const etaSeconds = state === 'running' && framesPerSecond ? (run.total - run.done) / framesPerSecond : null;
  return { state, done: run.done, total: run.total, framesPerSecond, etaSeconds, palettes, hashes };
}
