/**
 * The background analysis's progress as the app reads it (analysis_runs,
 * written by the analysing process): rate and time left from the run's own
 * clock, a run that stopped writing taken for stopped, and the lines shown.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analysisStatus, recordAnalysisRun, STALLED_AFTER_MS } from '@/lib/analysis/progress';
import { openDatabase, type DB } from '@/lib/db/connection';
import { analysisSearches, coverageNote, progressLine } from '@/lib/ui/analysis-display';
import { makeTempDir } from '../../helpers/library';

let temp: ReturnType<typeof makeTempDir>;
let db: DB;
beforeAll(() => {
  temp = makeTempDir('analysis-progress');
  db = openDatabase(path.join(temp.dir, 'library.db'));
});
afterAll(() => {
  db.close();
  temp.cleanup();
});

describe('analysis progress', () => {
  it('is "never" before any run', () => {
    expect(analysisStatus(db)).toEqual({ state: 'never', done: 0, total: 0, framesPerSecond: null, etaSeconds: null, palettes: null, hashes: null });
  });

  it('gives N of M, the rate and the time left while a run writes, and says what the searches cover', () => {
    const run = { done: 300, total: 800, palettes: 320, hashes: 310, startedMs: 1_000_000, finished: false };
    recordAnalysisRun(db, run, 1_010_000);
    const status = analysisStatus(db, 1_012_000);
    expect(status).toEqual({
      state: 'running',
      done: 300,
      total: 800,
      framesPerSecond: 30,
      etaSeconds: 500 / 30,
      palettes: { done: 320, total: 800 },
      hashes: { done: 310, total: 800 },
    });
    expect(progressLine(status)).toBe('Analysing palettes and thumbnails: 300 of 800 frames · 30 frames/s · about 17 s left');
    expect(coverageNote(status, 'palettes')).toBe('analysis in progress: results cover 320 of 800 frames');
    expect(coverageNote(status, 'hashes')).toBe('analysis in progress: results cover 310 of 800 frames');
    expect(analysisSearches(new URLSearchParams('_palette=ff8800&_collapse=dupes&film=a_2001'))).toEqual([
      { label: 'Palette search', coverage: 'palettes' },
      { label: 'Near-duplicates', coverage: 'hashes' },
    ]);
    expect(analysisSearches(new URLSearchParams('_color=ff8800'))).toEqual([]);
  });

  it('takes a run that stopped writing for stopped, and a finished one for done, with no note', () => {
    expect(analysisStatus(db, 1_010_000 + STALLED_AFTER_MS + 1).state).toBe('stopped');
    expect(coverageNote(analysisStatus(db, 1_010_000 + STALLED_AFTER_MS + 1), 'palettes')).toBeNull();
    recordAnalysisRun(db, { done: 800, total: 800, palettes: 800, hashes: 800, startedMs: 1_000_000, finished: true }, 1_040_000);
    const done = analysisStatus(db, 2_000_000);
    expect(done).toMatchObject({ state: 'done', framesPerSecond: 20, etaSeconds: null });
    expect(coverageNote(done, 'palettes')).toBeNull();
  });
});
