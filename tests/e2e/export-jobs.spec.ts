/**
 * Exports as jobs the user can see: one started from the dialog goes on
 * when the dialog closes and the page changes, the masthead shows it on
 * every page, the reopened dialog shows the same job's progress and can
 * cancel it, and the Exports panel lists it. The dialog's live plan is what
 * the export then writes, and it remembers the options per selection.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA } from './e2e-env';
import { expectCount } from './ui-helpers';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';

test('an export goes on when the dialog closes and the page changes; reopened, the dialog shows it and cancels it; the panel lists it', async ({ page }, testInfo) => {
  const name = `slow-${testInfo.repeatEachIndex}`;
  await page.goto(`/?${MCU}`);
  await expectCount(page, 254);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export frames' });
  await dialog.getByLabel(/positive\/ these frames/).check();
  // Large PNGs of all 800 frames of the films: slow enough to be seen running.
  await dialog.getByLabel('Resize', { exact: true }).check();
  await dialog.getByLabel('Width (px)').fill('1600');
  await dialog.getByLabel('Height (px)').fill('1000');
  await dialog.locator('label.field', { hasText: 'Format' }).locator('select').selectOption('png');
  await dialog.getByLabel('a new folder under the export root, on the server').check();
  await dialog.getByLabel('Folder name (optional)').fill(name);
  await dialog.getByRole('button', { name: 'Export to folder' }).click();
  const section = dialog.getByRole('region', { name: 'Export progress' });
  await expect(section).toBeVisible();
  const id = await section.getAttribute('data-job');
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  await expect(dialog.locator('.export-state')).toContainText('Exporting');
  await dialog.getByRole('button', { name: 'Close (Esc)' }).click();
  await expect(dialog).toHaveCount(0);

  // Elsewhere in the app, the masthead says an export runs.
  await page.goto('/?faces_found=2');
  const indicator = page.getByTestId('exports-indicator');
  await expect(indicator).toContainText(/Exporting \d+ %/);
  await page.screenshot({ path: testInfo.outputPath('indicator.png') });

  // Back to the results it came from: the dialog shows that export, not a blank form.
  await page.goto(`/?${MCU}`);
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(section).toHaveAttribute('data-job', id!);
  await expect(dialog.getByTestId('export-progress')).toHaveText(/^\d+ of 800 files · /);
  await expect(dialog.getByTestId('export-folder')).toHaveText(path.resolve(E2E_DATA, 'exports', name));
  await page.screenshot({ path: testInfo.outputPath('reopened.png') });
  await dialog.getByRole('button', { name: 'Cancel export' }).click();
  await expect(dialog.locator('.export-state')).toContainText('Cancelled');
  await dialog.getByRole('button', { name: 'Close (Esc)' }).click();

  await expect(indicator).toHaveText('Exports');
  await indicator.click();
  const panel = page.getByRole('dialog', { name: 'Exports' });
  await expect(panel.getByTestId('export-root')).toHaveText(path.resolve(E2E_DATA, 'exports'));
  const row = panel.getByTestId('export-job').first();
  await expect(row).toHaveAttribute('data-state', 'cancelled');
  await expect(row.getByTestId('export-folder')).toHaveText(path.resolve(E2E_DATA, 'exports', name));
  await expect(row.getByRole('button', { name: 'Export again with these options' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('panel.png') });
  expect(existsSync(path.join(E2E_DATA, 'exports', name))).toBe(false);
  expect(readdirSync(path.join(E2E_DATA, 'exports')).filter((entry) => entry.startsWith(`${name}.partial-`))).toEqual([]);

  const listed = await (await page.request.get('/api/exports')).json();
  expect(listed.jobs[0]).toMatchObject({ id, state: 'cancelled', target: 'folder', origin: 'app', request: { layout: 'positive-negative', format: 'png', name } });
});

test("the dialog's plan is what the export writes, with its class warning, and the options are remembered", async ({ page, request }, testInfo) => {
  const name = `planned-${testInfo.repeatEachIndex}`;
  const query = 'frame__lte=10';
  await page.goto(`/?${query}`);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export frames' });
  await dialog.getByLabel(/positive\/ these frames/).check();
  await dialog.getByLabel('Leave blank (black or white) frames out of the negatives').check();
  await dialog.getByLabel('Split into train / validation / test').check();
  await dialog.getByLabel('a new folder under the export root, on the server').check();
  await expect(dialog.getByTestId('export-root')).toHaveText(`The export root is ${path.resolve(E2E_DATA, 'exports')}`);

  const body = { query, layout: 'positive-negative', blankNegatives: false, split: { train: 0.8, validation: 0.1, test: 0.1 }, splitBy: 'shot', seed: 0, target: 'folder', dryRun: true };
  const plan = await (await request.post('/api/exports', { data: body })).json();
  expect(plan.warnings.length).toBeGreaterThan(0);
  const preview = dialog.getByTestId('export-preview');
  await expect(preview).toHaveText(new RegExp(`^Will write ${plan.files} files · `));
  const table = dialog.getByTestId('export-plan-table');
  for (const [split, classes] of Object.entries(plan.bySplit as Record<string, Record<string, number>>)) {
    for (const [label, n] of Object.entries(classes)) await expect(table.locator(`td[data-split="${split}"][data-class="${label}"]`)).toHaveText(n.toLocaleString('en'));
  }
  await expect(dialog.getByTestId('export-warnings').locator('li').first()).toHaveText(plan.warnings[0].message);
  await expect(dialog.getByTestId('export-left-out')).toContainText(`${plan.droppedBy.blankNegatives} left out blank, kept out of the negatives`);
  await page.screenshot({ path: testInfo.outputPath('plan.png') });

  await dialog.getByLabel('Folder name (optional)').fill(name);
  await dialog.getByRole('button', { name: 'Export to folder' }).click();
  await expect(dialog.locator('.export-state')).toContainText('Done', { timeout: 30_000 });
  const manifest = JSON.parse(readFileSync(path.join(E2E_DATA, 'exports', name, 'manifest.json'), 'utf8'));
  expect(manifest.counts.bySplit).toEqual(plan.bySplit);
  expect(manifest.counts.files).toBe(plan.files);
  expect(manifest.options).toMatchObject({ blankNegatives: false, negative: 'same-films' });

  // Opened again on the same results, the dialog has the options it was last used with.
  await dialog.getByRole('button', { name: 'Close (Esc)' }).click();
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(dialog.getByLabel(/positive\/ these frames/)).toBeChecked();
  await expect(dialog.getByLabel('Leave blank (black or white) frames out of the negatives')).toBeChecked();
  await expect(dialog.getByLabel('Split into train / validation / test')).toBeChecked();
  await expect(dialog.getByLabel('a new folder under the export root, on the server')).toBeChecked();
  await expect(dialog.getByLabel('Folder name (optional)')).toHaveValue('');
});
