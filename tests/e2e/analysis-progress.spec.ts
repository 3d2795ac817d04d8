/**
 * Issue 17 item 8: the background analysis's progress in the app. The test
 * waits for the server's own analysis to end, then writes a run in progress
 * into the server's database the way the analysing process does
 * (recordAnalysisRun, the same function), and reads what the page shows.
 */
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { analysisStatus, recordAnalysisRun } from '@/lib/analysis/progress';
import { openDatabase } from '@/lib/db/connection';
import { E2E_DATA } from './e2e-env';
import { expectCount } from './ui-helpers';

test('while the analysis runs the page shows N of M, the rate and the time left, and what palette and near-duplicate searches cover', async ({ page, request }) => {
  await expect
    .poll(async () => ((await (await request.get('/api/status')).json()) as { analysis: { state: string } }).analysis.state, { timeout: 120_000, intervals: [500] })
    .toBe('done');
  const db = openDatabase(path.join(E2E_DATA, 'e2e.db'));
  try {
    const finished = analysisStatus(db);
    const total = finished.total;
    expect(total).toBe(800);
    // A run a third of the way through, started 40 s ago at 5 frames a second.
    const startedMs = Date.now() - 40_000;
    recordAnalysisRun(db, { done: 200, total, palettes: 210, hashes: 205, startedMs, finished: false }, startedMs + 40_000);

    await page.goto('/?_palette=808080&_collapse=dupes');
    const progress = page.getByTestId('analysis-progress');
    await expect(progress).toContainText('Analysing palettes and thumbnails: 200 of 800 frames · 5.0 frames/s · about 2 min 0 s left');
    await expect(progress).toContainText('Palette search: analysis in progress: results cover 210 of 800 frames');
    await expect(progress).toContainText('Near-duplicates: analysis in progress: results cover 205 of 800 frames');

    // Without those searches, only the progress; once the run has finished, nothing.
    await page.goto('/');
    await expectCount(page, 800);
    await expect(progress).toBeVisible();
    await expect(progress.locator('.analysis-note')).toHaveCount(0);
    recordAnalysisRun(db, { done: total, total, palettes: total, hashes: total, startedMs, finished: true });
    await expect(progress).toHaveCount(0, { timeout: 10_000 });
  } finally {
    db.close();
  }
});
