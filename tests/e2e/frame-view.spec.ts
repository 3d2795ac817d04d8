import { expect, test } from '@playwright/test';
import { api, expectCount, expectThumbnailsLoaded } from './ui-helpers';

test('Left/Right step through the current results in order, across windows; Esc returns to the same scroll position', async ({ page, request }, testInfo) => {
  const query = '_sort_desc=brightness';
  const expected = (await api(request, `${query}&_offset=196&_size=8`)).frames;
  await page.goto(`/?${query}&view.tile=160`);
  await expectCount(page, 800);
  const grid = page.locator('.grid-scroll');

  // Scroll so that result 197 is on screen, then open it.
  const cols = Number(await grid.getAttribute('data-cols'));
  const rowHeight = await page.locator('.grid-row').first().evaluate((row) => row.getBoundingClientRect().height);
  await grid.evaluate((el, top) => el.scrollTo({ top }), Math.floor(197 / cols) * rowHeight);
  const tile = page.locator('.tile-button[data-index="197"]');
  await expect(tile).toContainText(`#${expected[1].frame}`);
  await tile.scrollIntoViewIfNeeded();
  const scrollTop = await grid.evaluate((el) => el.scrollTop);
  expect(scrollTop).toBeGreaterThan(1000);
  await tile.click();

  const dialog = page.getByRole('dialog');
  const heading = dialog.getByRole('heading', { level: 2 });
  await expect(heading).toContainText(`${expected[1].film} #${expected[1].frame}`);
  await expect(dialog).toContainText('198 of 800');
  await expect(page).toHaveURL(new RegExp(`view\\.frame=${expected[1].film}:${expected[1].frame}`));
  for (let i = 2; i < expected.length; i++) {
    await page.keyboard.press('ArrowRight');
    await expect(heading).toContainText(`${expected[i].film} #${expected[i].frame}`);
    await expect(dialog).toContainText(`${197 + i} of 800`);
  }
  await page.keyboard.press('ArrowLeft');
  await expect(heading).toContainText(`${expected[6].film} #${expected[6].frame}`);
  await expect(page).toHaveURL(new RegExp(`view\\.frame=${expected[6].film}:${expected[6].frame}`));

  // Everything about the frame: its subtitles, every column, and its shot as a strip.
  const detail = (await (await request.get(`/api/frames/${expected[6].film}/${expected[6].frame}`)).json()) as {
    brightness: number;
    shot_id: number;
    subtitles: Array<{ text: string }>;
  };
  await expect(dialog.locator('.metadata')).toContainText(`brightness${detail.brightness}`);
  for (const line of detail.subtitles) await expect(dialog).toContainText(line.text);
  const shot = await api(request, `film=${expected[6].film}&shot_id=${detail.shot_id}&_size=0`);
  await expect(dialog.getByRole('navigation', { name: new RegExp(`Shot ${detail.shot_id}`) }).getByRole('listitem')).toHaveCount(Math.min(shot.total, 120));
  await expect(dialog.locator('.fv-stage img')).toHaveJSProperty('complete', true);
  await page.screenshot({ path: testInfo.outputPath('frame-view.png'), fullPage: true });

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(new URL(page.url()).searchParams.has('view.frame')).toBe(false);
  expect(await grid.evaluate((el) => el.scrollTop)).toBe(scrollTop);
  await expect(tile).toBeVisible();
});

test('a frame opened from a link finds its place in the results', async ({ page, request }) => {
  const query = 'film=the_hustle_2019&_sort=contrast';
  const [at250, at251] = (await api(request, `${query}&_offset=250&_size=2`)).frames;
  await page.goto(`/?${query}&view.frame=${at250.film}:${at250.frame}`);
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('251 of 300');
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('heading', { level: 2 })).toContainText(`#${at251.frame}`);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expectThumbnailsLoaded(page);
});

test('closing the frame view gives the focus back to the tile that was open: arrows, Space, I and X work at once', async ({ page, request }, testInfo) => {
  const tile = (index: number) => page.locator(`.tile-button[data-index="${index}"]`);
  const badge = (index: number) => page.locator(`.tile:has(> .tile-button[data-index="${index}"]) .tile-mark`);
  await page.goto('/?film=the_hustle_2019&view.tile=160');
  await expectCount(page, 300);
  await tile(3).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  // Stepping in the frame view: the tile focused afterwards is the frame last shown.
  await page.keyboard.press('ArrowRight');
  await expect(dialog).toContainText('5 of 300');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(tile(4)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(tile(5)).toBeFocused();

  // With a selection, the keys curate the tile straight after Esc.
  const created = await request.post('/api/selections', { data: { name: `focus ${testInfo.repeatEachIndex}-${Date.now()}`, query: 'p_emotion=nobody' } });
  const { id } = (await created.json()) as { id: number };
  await page.goto(`/?film=the_hustle_2019&view.tile=160&view.sel=${id}`);
  await expectCount(page, 300);
  // The grid shows the selection's marks once the selection is loaded.
  await expect(page.getByTestId('selection-members')).toHaveText('0');
  await expect(page.locator('.tile-button[data-index="2"]')).toHaveAccessibleName(/not in the selection$/);
  await tile(2).focus();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(tile(2)).toBeFocused();
  await page.keyboard.press('Space');
  await expect(badge(2)).toHaveAttribute('data-mark', 'included');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('i');
  await expect(badge(3)).toHaveAttribute('data-mark', 'included');
  await page.keyboard.press('x');
  await expect(badge(3)).toHaveAttribute('data-mark', 'excluded');
});
