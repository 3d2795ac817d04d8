/**
 * Shot-aware splits in the export dialog and the API: the default split
 * keeps shots whole, splitting by frame is flagged as leaking, the leakage
 * and what each option drops are shown before anything is written, and the
 * written export keeps every split group in one split.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA } from './e2e-env';
import { expectCount } from './ui-helpers';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';

test('the dialog shows the leakage of each split before exporting, and the export keeps each shot in one split', async ({ page }, testInfo) => {
  const name = `shots-${testInfo.repeatEachIndex}`;
  await page.goto(`/?${MCU}`);
  await expectCount(page, 254);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export frames' });
  const preview = dialog.getByTestId('export-preview');
  await expect(preview).toHaveText(/^Will write 800 files · [\d.]+ MB of JPEGs$/);

  await dialog.getByLabel('Split into train / validation / test').check();
  // A split is by shot unless asked otherwise: no shot in two splits.
  await expect(dialog.getByLabel('by shot (each camera shot whole)')).toBeChecked();
  await expect(preview).toHaveText(/^Will write 800 files · [\d.]+ MB of JPEGs · 0 groups and 0 shots in two splits · \d+ near-duplicate pairs across splits \(within 8 bits\)$/);
  await expect(dialog.getByRole('note')).toHaveCount(0);

  await dialog.getByLabel('by frame (mixed)').check();
  await expect(dialog.getByRole('note')).toHaveText(/Splitting by frame leaks near-duplicates between splits/);
  await expect(preview).toHaveText(/ · 0 groups and [1-9]\d* shots in two splits · /);
  await page.screenshot({ path: testInfo.outputPath('frame-split-warning.png') });

  await dialog.getByLabel('by shot (each camera shot whole)').check();
  await dialog.getByLabel('At most a few frames per shot, evenly spaced').check();
  await dialog.getByLabel('Frames per shot', { exact: true }).fill('2');
  await expect(preview).toHaveText(/^Will write \d+ files · .* · 0 groups and 0 shots in two splits · /);
  await expect(dialog.getByTestId('export-left-out')).toHaveText(/^Left out: [1-9]\d* left out by the per-shot cap\.$/);
  const planned = Number(/^Will write (\d+) files/.exec((await preview.textContent()) ?? '')?.[1]);

  await dialog.getByLabel('a new folder under the export root, on the server').check();
  await dialog.getByLabel('Folder name (optional)').fill(name);
  await dialog.getByRole('button', { name: 'Export to folder' }).click();
  await expect(dialog.locator('.export-state')).toContainText('Done', { timeout: 30_000 });

  const folder = path.join(E2E_DATA, 'exports', name);
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  expect(manifest.options).toMatchObject({ splitBy: 'shot', perShot: 2 });
  expect(manifest.counts.files).toBe(planned);
  expect(manifest.leakage).toMatchObject({ groupsInTwoSplits: 0, shotsInTwoSplits: 0 });
  const rows = readFileSync(path.join(folder, 'manifest.csv'), 'utf8').trim().split('\r\n').slice(1).map((line) => line.split(','));
  const splitsOfGroup = new Map<string, Set<string>>();
  for (const [, , , split, , group] of rows) splitsOfGroup.set(group, (splitsOfGroup.get(group) ?? new Set()).add(split));
  expect([...splitsOfGroup.values()].every((s) => s.size === 1)).toBe(true);
  const files = ['train', 'validation', 'test'].flatMap((split) => ['positive', 'negative'].flatMap((label) => readdirSync(path.join(folder, split, label))));
  expect(files).toHaveLength(planned);
});

test('POST /api/exports with dryRun plans without writing, and names a refused field', async ({ request }) => {
  const before = (await (await request.get('/api/exports')).json()).jobs.length;
  const ok = await request.post('/api/exports', {
    data: { query: MCU, layout: 'positive-negative', split: { train: 0.8, test: 0.2 }, splitBy: 'shot_cluster', perShot: 3, target: 'zip', dryRun: true },
  });
  expect(ok.status()).toBe(200);
  const plan = await ok.json();
  expect(plan.leakage.groupsInTwoSplits).toBe(0);
  expect(plan.droppedBy.perShot).toBeGreaterThan(0);
  expect(Object.keys(plan.groups).sort()).toEqual(['test', 'train']);
  expect(Object.keys(plan.bySplit).sort()).toEqual(['test', 'train']);
  expect(plan.bytes).toMatchObject({ exact: true, transformed: false });
  expect(path.isAbsolute(plan.exportRoot)).toBe(true);
  // Nothing was recorded as a job.
  expect((await (await request.get('/api/exports')).json()).jobs.length).toBe(before);
  const bad = await request.post('/api/exports', { data: { layout: 'flat', split: { train: 0.8, test: 0.2 }, splitBy: 'scene', target: 'zip', dryRun: true } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).param).toBe('splitBy');
});

test('POST /api/exports writes a split by shot cluster with dedupe and a per-shot cap, each group in one split', async ({ request }) => {
  const name = `api-clusters-${test.info().repeatEachIndex}`;
  const created = await request.post('/api/exports', {
    data: { layout: 'by:p_emotion', split: { train: 0.7, validation: 0.15, test: 0.15 }, splitBy: 'shot_cluster', dedupe: 6, perShot: 2, seed: 3, target: 'folder', name },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  await expect.poll(async () => (await (await request.get(`/api/exports/${id}`)).json()).state, { timeout: 30_000 }).toBe('done');
  const folder = path.join(E2E_DATA, 'exports', name);
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  expect(manifest.options).toMatchObject({ splitBy: 'shot_cluster', dedupe: 6, perShot: 2, seed: 3 });
  expect(manifest.leakage.groupsInTwoSplits).toBe(0);
  expect(manifest.counts.droppedBy.perShot).toBeGreaterThan(0);
  const rows = readFileSync(path.join(folder, 'manifest.csv'), 'utf8').trim().split('\r\n').slice(1).map((line) => line.split(','));
  expect(rows).toHaveLength(manifest.counts.files);
  const splitsOfGroup = new Map<string, Set<string>>();
  for (const [, , , split, , group] of rows) splitsOfGroup.set(group, (splitsOfGroup.get(group) ?? new Set()).add(split));
  expect([...splitsOfGroup.keys()].every((group) => /^[a-z_0-9]+:(cluster|frame):\d+$/.test(group))).toBe(true);
  expect([...splitsOfGroup.values()].every((s) => s.size === 1)).toBe(true);
});
