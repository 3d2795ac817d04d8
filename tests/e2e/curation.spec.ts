/**
 * Curation and export in the browser, on the demo library in Chromium: a
 * selection made from the medium close-up preset, changed by clicks and
 * keys, one change undone, then exported as a zip through the dialog; the
 * download is checked with Info-ZIP (the file list per folder, the
 * manifests, the JPEG bytes). Also: naming, duplicating and deleting
 * selections, the shortcuts overlay, and the frame view's curation.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import sharp from 'sharp';
import { DEMO_FILMS, demoTruth } from './demo-truth';
import { E2E_DATA } from './e2e-env';
import { api, expectCount, urlParams } from './ui-helpers';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
const LIBRARY = 'data/demo-library';

type Mark = 'included' | 'excluded' | 'matched' | null;

const tile = (page: Page, index: number) => page.locator(`.tile-button[data-index="${index}"]`);
const badge = (page: Page, index: number) => page.locator(`.tile:has(> .tile-button[data-index="${index}"]) .tile-mark`);

function selectionId(page: Page): number {
  const id = new URL(page.url()).searchParams.get('view.sel');
  expect(id, 'view.sel in the URL').not.toBeNull();
  return Number(id);
}

/** The first results (default order, film then frame) with their marks in selection `id`. */
async function marks(request: APIRequestContext, id: number, size: number): Promise<Array<{ film: string; frame: number; selection: Mark }>> {
  return (await api(request, `_size=${size}&_mark=${id}`)).frames as unknown as Array<{ film: string; frame: number; selection: Mark }>;
}

async function members(request: APIRequestContext, id: number): Promise<number> {
  const detail = (await (await request.get(`/api/selections/${id}`)).json()) as { members: number };
  return detail.members;
}

const jpeg = (film: string, frame: number) => `${film}_frame_${frame}.jpg`;

test('a selection from the medium close-up preset, curated by clicks and keys with an undo, downloads as the exact zip', async ({ page, request }, testInfo) => {
  const name = `e2e ui close-ups ${testInfo.repeatEachIndex}`;
  await page.goto('/?view.tile=120');
  await expectCount(page, 800);
  await page.getByRole('button', { name: 'Medium close-up' }).click();
  await expectCount(page, 254);

  // New from the filters: the name is offered from the preset, the query is the URL's.
  await page.getByRole('button', { name: 'New from filters…' }).click();
  const create = page.getByRole('dialog', { name: 'New selection' });
  await expect(create.getByLabel('Name')).toHaveValue(/^Medium close-up/);
  await expect(create).toContainText('prim_char_flag = 1 and p_face_size > 4 and p_face_size < 20');
  await create.getByLabel('Name').fill(name);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toHaveCount(0);
  await expect(page.getByTestId('selection-members')).toHaveText('254');
  const id = selectionId(page);
  const saved = (await (await request.get(`/api/selections/${id}`)).json()) as { name: string; query: string };
  expect(saved).toMatchObject({ name, query: MCU });
  await expect(page.getByLabel('Current selection')).toHaveValue(String(id));

  // Every frame, marked: members of the query carry the dot badge, the others none.
  await page.getByRole('button', { name: 'Medium close-up' }).click();
  await expectCount(page, 800);
  const first = await marks(request, id, 40);
  const outside = first.flatMap((f, i) => (f.selection === null ? [i] : []));
  const inside = first.flatMap((f, i) => (f.selection === 'matched' ? [i] : []));
  const [a, b] = outside;
  const c = inside[0];
  const n = outside[2];
  expect(a).toBeLessThan(b);
  expect(b).toBeLessThan(c);
  await expect(badge(page, c)).toHaveAttribute('data-mark', 'matched');
  await expect(badge(page, a)).toHaveCount(0);
  await expect(tile(page, a)).toHaveAccessibleName(/not in the selection$/);

  // A click includes a non-member; Space includes the next one; X excludes a member.
  await tile(page, a).click();
  await expect(tile(page, a)).toBeFocused();
  await expect(badge(page, a)).toHaveAttribute('data-mark', 'included');
  await expect(page.getByTestId('curation-status')).toHaveText('Included 1 frame');
  for (let i = a; i < b; i++) await page.keyboard.press('ArrowRight');
  await expect(tile(page, b)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(badge(page, b)).toHaveAttribute('data-mark', 'included');
  for (let i = b; i < c; i++) await page.keyboard.press('ArrowRight');
  await expect(tile(page, c)).toBeFocused();
  await page.keyboard.press('x');
  await expect(badge(page, c)).toHaveAttribute('data-mark', 'excluded');
  await expect(page.getByTestId('curation-status')).toHaveText('Excluded 1 frame');
  await expect(page.getByTestId('selection-members')).toHaveText('255');
  await page.screenshot({ path: testInfo.outputPath('grid-with-badges.png') });

  // Ctrl+Z undoes the exclusion; Redo now offers it again.
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo: exclude 1 frame (Ctrl+Z)');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('curation-status')).toHaveText('Undone: exclude 1 frame');
  await expect(badge(page, c)).toHaveAttribute('data-mark', 'matched');
  await expect(page.getByRole('button', { name: 'Redo' })).toHaveAttribute('title', 'Redo: exclude 1 frame (Ctrl+Shift+Z)');
  await expect(page.getByRole('button', { name: 'Undo' })).toHaveAttribute('title', 'Undo: include 1 frame (Ctrl+Z)');

  // The count the UI shows is the API's.
  const memberCount = await members(request, id);
  expect(memberCount).toBe(256);
  await expect(page.getByTestId('selection-members')).toHaveText(String(memberCount));
  const after = await marks(request, id, 40);
  expect([after[a].selection, after[b].selection, after[c].selection]).toEqual(['included', 'included', 'matched']);

  // Export as a zip through the dialog, positive/negative, and keep the download.
  await page.getByRole('button', { name: 'Export…' }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export frames' });
  await expect(exportDialog.getByLabel(`the members of “${name}”`, { exact: true })).toBeChecked();
  await exportDialog.getByLabel(/positive\/ these frames/).check();
  await exportDialog.getByLabel('a zip, downloaded by this browser').check();
  await exportDialog.getByLabel('File name (optional)').fill('ui-close-ups');
  const downloading = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Export and download zip' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('ui-close-ups.zip');
  const dir = mkdtempSync(path.join(tmpdir(), 'stillroom-ui-zip-'));
  try {
    const zip = path.join(dir, 'ui-close-ups.zip');
    await download.saveAs(zip);
    await expect(exportDialog.getByTestId('export-progress')).toHaveText(/^800 of 800 files · [\d.]+ [kM]B of [\d.]+ [kM]B$/);
    await expect(exportDialog.locator('.export-state')).toContainText('Done');
    await expect(exportDialog.locator('progress')).toHaveJSProperty('value', 1);
    await page.screenshot({ path: testInfo.outputPath('export-dialog.png') });

    expect(execFileSync('unzip', ['-t', zip]).toString()).toMatch(/No errors detected in compressed data/);
    const entries = execFileSync('unzip', ['-Z1', zip]).toString().trim().split('\n');
    const inFolder = (folder: string) => entries.filter((e) => e.startsWith(`${folder}/`)).map((e) => e.slice(folder.length + 1)).sort();

    // Expected from the seed's own pandas selection (demo-truth.json) and the two inclusions.
    const positive = new Set(DEMO_FILMS.flatMap((film) => demoTruth.films[film].medium_close_up.map((n) => jpeg(film, n))));
    for (const i of [a, b]) positive.add(jpeg(first[i].film, first[i].frame));
    const every = DEMO_FILMS.flatMap((film) => Array.from({ length: demoTruth.films[film].frame_count }, (_, n) => jpeg(film, n + 1)));
    expect(inFolder('positive')).toEqual([...positive].sort());
    expect(inFolder('negative')).toEqual(every.filter((name) => !positive.has(name)).sort());
    expect(entries.filter((e) => !e.includes('/'))).toEqual(['manifest.csv', 'metadata.jsonl', 'manifest.json']);
    expect(entries).toHaveLength(803);

    const manifest = JSON.parse(execFileSync('unzip', ['-p', zip, 'manifest.json']).toString());
    expect(manifest).toMatchObject({
      selection: { id, name, query: MCU },
      options: { layout: 'positive-negative', selection: id, split: null },
      counts: { files: 800, bySplit: { all: { positive: 256, negative: 544 } }, withoutImage: 0, missingFiles: 0 },
    });
    expect(
      (manifest.selection.changes as Array<{ film: string; frame: number; state: string }>).map((ch) => `${jpeg(ch.film, ch.frame)} ${ch.state}`).sort(),
    ).toEqual([a, b].map((i) => `${jpeg(first[i].film, first[i].frame)} included`).sort());
    const csv = execFileSync('unzip', ['-p', zip, 'manifest.csv']).toString().trim().split('\r\n');
    expect(csv).toHaveLength(801);
    expect(csv[0].split(',').slice(0, 5)).toEqual(['file', 'film', 'frame', 'split', 'label']);
    const csvFiles = csv.slice(1).map((row) => row.split(',')[0]);
    expect(csvFiles.sort()).toEqual(entries.filter((e) => e.endsWith('.jpg')).sort());
    const labelOf = new Map(csv.slice(1).map((row) => [row.split(',')[0], row.split(',')[4]]));
    expect(labelOf.get(`positive/${jpeg(first[a].film, first[a].frame)}`)).toBe('positive');
    expect(labelOf.get(`negative/${jpeg(first[n].film, first[n].frame)}`)).toBe('negative');

    // The JPEGs are the library's bytes, unchanged: the manual inclusions, the kept member, and a negative.
    for (const entry of [a, b, c].map((i) => `positive/${jpeg(first[i].film, first[i].frame)}`).concat(`negative/${jpeg(first[n].film, first[n].frame)}`)) {
      const name = path.basename(entry);
      const film = name.replace(/_frame_\d+\.jpg$/, '');
      const original = readFileSync(path.join(LIBRARY, 'frame_per_second', film, name));
      expect(execFileSync('unzip', ['-p', zip, entry], { maxBuffer: 64 * 1024 * 1024 }).equals(original), entry).toBe(true);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('selections are renamed, duplicated and deleted after a confirmation; ? lists the shortcuts', async ({ page, request }, testInfo) => {
  const run = testInfo.repeatEachIndex;
  const created = await request.post('/api/selections', { data: { name: `e2e ui rename me ${run}`, query: 'faces_found=2' } });
  const { id } = (await created.json()) as { id: number };
  await request.post('/api/selections', { data: { name: `e2e ui taken ${run}` } });
  await page.goto(`/?view.sel=${id}`);
  const picker = page.getByLabel('Current selection');
  await expect(picker).toHaveValue(String(id));
  const faces2 = (await api(request, 'faces_found=2&_size=0')).total;
  await expect(page.getByTestId('selection-members')).toHaveText(String(faces2));

  // Rename: a taken name is refused in the dialog, which stays open.
  await page.getByRole('button', { name: 'Rename…' }).click();
  const rename = page.getByRole('dialog', { name: `Rename “e2e ui rename me ${run}”` });
  await rename.getByLabel('Name').fill(`e2e ui taken ${run}`);
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename.getByRole('alert')).toContainText(`e2e ui taken ${run}`);
  await rename.getByLabel('Name').fill(`e2e ui renamed ${run}`);
  await rename.getByRole('button', { name: 'Rename' }).click();
  await expect(rename).toHaveCount(0);
  await expect(picker.locator('option:checked')).toHaveText(`e2e ui renamed ${run}`);
  expect(((await (await request.get(`/api/selections/${id}`)).json()) as { name: string }).name).toBe(`e2e ui renamed ${run}`);

  // Duplicate: the copy becomes the current selection, with the same members.
  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(picker.locator('option:checked')).toHaveText(`e2e ui renamed ${run} copy`);
  const copy = selectionId(page);
  expect(copy).not.toBe(id);
  await expect(page.getByTestId('selection-members')).toHaveText(String(faces2));

  // Delete asks first; Cancel (which has the focus) keeps it, Esc too.
  await page.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('dialog', { name: `Delete “e2e ui renamed ${run} copy”?` });
  await expect(confirm.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Delete…' })).toBeFocused();
  expect((await request.get(`/api/selections/${copy}`)).status()).toBe(200);
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await page.getByRole('button', { name: 'Delete…' }).click();
  await confirm.getByRole('button', { name: 'Delete selection' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByTestId('curation-status')).toHaveText(`Deleted “e2e ui renamed ${run} copy”.`);
  expect((await request.get(`/api/selections/${copy}`)).status()).toBe(404);
  expect(new URL(page.url()).searchParams.has('view.sel')).toBe(false);
  await expect(picker).toHaveValue('');
  await expect(picker.locator('option', { hasText: `e2e ui renamed ${run} copy` })).toHaveCount(0);
  await expect(picker.locator('option', { hasText: `e2e ui renamed ${run}` })).toHaveCount(1);

  // ? opens every shortcut; Esc closes it and gives the focus back.
  await page.locator('.tile-button[data-index="0"]').focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const text of ['Ctrl+Z', 'Ctrl+Shift+Z', 'Shift+Click', 'include the focused frame', 'previous / next frame of the current results']) await expect(help).toContainText(text);
  await page.screenshot({ path: testInfo.outputPath('help-overlay.png') });
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await expect(page.locator('.tile-button[data-index="0"]')).toBeFocused();
});

test('with a selection, Enter opens the frame and I / X curate it there; shift-click and "all results" act on many frames', async ({ page, request }, testInfo) => {
  const name = `e2e ui ranges ${testInfo.repeatEachIndex}`;
  const created = await request.post('/api/selections', { data: { name, query: MCU } });
  const { id } = (await created.json()) as { id: number };
  await page.goto(`/?film=knives_out_2019&view.tile=120&view.sel=${id}`);
  await expectCount(page, 260);
  const frames = (await api(request, `film=knives_out_2019&_size=12&_mark=${id}`)).frames;

  // Click curates, so the frame opens with Enter (or the corner button), and I / X work in the frame view.
  await tile(page, 0).click();
  await expect(badge(page, 0)).toHaveAttribute('data-mark', 'included');
  await page.keyboard.press('Enter');
  const view = page.getByRole('dialog', { name: `knives_out_2019, frame ${frames[0].frame}` });
  await expect(view).toBeVisible();
  await expect(view.getByTestId('frame-mark')).toHaveText(/included by hand/);
  await page.keyboard.press('x');
  await expect(view.getByTestId('frame-mark')).toHaveText(/excluded by hand/);
  await expect(page.getByTestId('curation-status')).toHaveText('Excluded 1 frame');
  await view.getByRole('button', { name: 'Include' }).click();
  await expect(view.getByTestId('frame-mark')).toHaveText(/included by hand/);
  await page.keyboard.press('Escape');
  await expect(view).toHaveCount(0);
  await expect(badge(page, 0)).toHaveAttribute('data-mark', 'included');

  // Shift-click repeats the last action (include) over the range, as one undoable action.
  await tile(page, 8).click({ modifiers: ['Shift'] });
  // Frame 0 is included already: the other eight change.
  await expect(page.getByTestId('curation-status')).toHaveText('Included 8 frames');
  for (let i = 0; i <= 8; i++) await expect(badge(page, i)).toHaveAttribute('data-mark', 'included');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByTestId('curation-status')).toHaveText('Undone: include 8 frames');
  await expect(badge(page, 0)).toHaveAttribute('data-mark', 'included');
  if (frames[8].selection === null) await expect(badge(page, 8)).toHaveCount(0);

  // The sidebar's Selection group filters on membership, in the URL, with counts.
  const group = page.getByRole('group', { name: `Frames of “${name}”` });
  await group.getByText('In selection').click();
  expect(urlParams(page)).toContain(`_in_selection=${id}`);
  const inside = (await api(request, `film=knives_out_2019&_in_selection=${id}&_size=0`)).total;
  await expectCount(page, inside);

  // "Exclude all results" empties it within these results, in one action.
  await page.getByRole('button', { name: 'Exclude all results' }).click();
  await expect(page.getByTestId('curation-status')).toHaveText(new RegExp(`^Excluded ${inside} frames: all results where film = .*knives_out_2019.* and in selection`));
  await expect(page.getByRole('heading', { name: 'No frames match' })).toBeVisible();
  await page.keyboard.press('Control+z');
  await expectCount(page, inside);
});

test('a folder export from the dialog: a refused field is named beside its control, then progress until the folder is written', async ({ page }, testInfo) => {
  const name = `ui-grey-${testInfo.repeatEachIndex}`;
  await page.goto(`/?${MCU}`);
  await expectCount(page, 254);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export frames' });
  // Without a current selection, the export is the current results.
  await expect(dialog).toContainText('The current results (prim_char_flag = 1 and p_face_size > 4 and p_face_size < 20)');
  await dialog.getByLabel('flat: every frame in one folder').check();
  await dialog.getByLabel('Split into train / validation / test').check();
  await dialog.getByLabel('Train', { exact: true }).fill('0.7');
  await dialog.getByLabel('by frame (mixed)').check();
  await expect(dialog.getByRole('note')).toContainText('Splitting by frame leaks near-duplicates between splits');
  await dialog.getByLabel('a new folder under the export root, on the server').check();
  await dialog.getByLabel('Folder name (optional)').fill(name);
  await dialog.getByRole('button', { name: 'Export to folder' }).click();
  const refused = dialog.locator('fieldset', { hasText: 'Splits' }).getByRole('alert');
  await expect(refused).toContainText('split: the fractions must add up to 1, they add up to 0.9');

  await dialog.getByLabel('Train', { exact: true }).fill('0.8');
  await expect(refused).toHaveCount(0);
  await dialog.getByLabel('Resize', { exact: true }).check();
  await dialog.getByLabel('Width (px)').fill('96');
  await dialog.getByLabel('Height (px)').fill('40');
  await dialog.getByLabel('Greyscale (one channel)').check();
  await page.screenshot({ path: testInfo.outputPath('export-form.png') });
  await dialog.getByRole('button', { name: 'Export to folder' }).click();
  const progress = dialog.getByTestId('export-progress');
  await expect(progress).toHaveText(/ of 254 files/);
  await page.screenshot({ path: testInfo.outputPath('export-progress.png') });
  await expect(dialog.locator('.export-state')).toContainText('Done', { timeout: 30_000 });
  await expect(progress).toHaveText(/^254 of 254 files · /);
  await expect(dialog.getByTestId('export-folder')).toHaveText(path.resolve(E2E_DATA, 'exports', name));

  const folder = path.join(E2E_DATA, 'exports', name);
  expect(readdirSync(folder).sort()).toEqual(['manifest.csv', 'manifest.json', 'test', 'train', 'validation']);
  const images = (split: string) => readdirSync(path.join(folder, split)).filter((name) => name.endsWith('.jpg'));
  // Beside the images, each split holds its metadata.jsonl (Hugging Face imagefolder).
  expect(readdirSync(path.join(folder, 'train'))).toContain('metadata.jsonl');
  const counts = ['train', 'validation', 'test'].map((split) => images(split).length);
  // By frame, within one class: each split within one frame of its exact share.
  expect(Math.abs(counts[0] - 254 * 0.8)).toBeLessThanOrEqual(1);
  expect(Math.abs(counts[1] - 254 * 0.1)).toBeLessThanOrEqual(1);
  expect(counts.reduce((sum, n) => sum + n, 0)).toBe(254);
  const sample = path.join(folder, 'train', images('train')[0]);
  const meta = await sharp(sample).metadata();
  expect([meta.format, meta.width, meta.height, meta.channels]).toEqual(['jpeg', 96, 40, 1]);
});

test('face crops as WebDataset shards from the dialog: a refused crop is named beside its control, then the shards are written', async ({ page }, testInfo) => {
  const name = `ui-shards-${testInfo.repeatEachIndex}`;
  await page.goto(`/?${MCU}`);
  await expectCount(page, 254);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export frames' });
  await dialog.getByLabel('one folder per value of').check();
  await dialog.getByLabel('Folder per value of column').selectOption('p_emotion');
  await dialog.getByLabel('Face crops').selectOption('faces');
  await dialog.getByLabel('WebDataset tar shards in a new folder under the export root').check();
  await dialog.getByLabel('Samples per shard (empty: about 256 MB a shard)').fill('100');
  await dialog.getByLabel('Folder name (optional)').fill(name);
  await dialog.getByRole('button', { name: 'Export shards' }).click();
  const refused = dialog.locator('fieldset', { hasText: 'Layout' }).getByRole('alert');
  await expect(refused).toContainText('layout: by:p_emotion describes the primary face only');

  await dialog.getByLabel('Face crops').selectOption('primary');
  await dialog.getByLabel('Margin (share of the box on every side)').fill('0.1');
  await page.screenshot({ path: testInfo.outputPath('shards-form.png') });
  await dialog.getByRole('button', { name: 'Export shards' }).click();
  await expect(dialog.locator('.export-state')).toContainText('Done', { timeout: 30_000 });
  await expect(dialog.getByTestId('export-progress')).toHaveText(/^254 of 254 files · /);
  await expect(dialog.getByTestId('export-folder')).toHaveText(path.resolve(E2E_DATA, 'exports', name));
  await page.screenshot({ path: testInfo.outputPath('shards-done.png') });

  const folder = path.join(E2E_DATA, 'exports', name);
  expect(readdirSync(folder).sort()).toEqual(['all-000000.tar', 'all-000001.tar', 'all-000002.tar', 'manifest.csv', 'manifest.json']);
  const members = execFileSync('tar', ['-tf', path.join(folder, 'all-000000.tar')]).toString().trim().split('\n');
  expect(members).toHaveLength(300);
  expect(members.slice(0, 3).map((m) => m.replace(/^.*_face_0/, ''))).toEqual(['.jpg', '.json', '.cls']);
  const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
  expect(manifest.options).toMatchObject({ layout: 'by:p_emotion', crop: 'primary', margin: 0.1, shardSize: 100 });
});
