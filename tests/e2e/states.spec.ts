import { expect, test } from '@playwright/test';
import { expectCount } from './ui-helpers';

test('a refused query shows the API’s message and parameter, and removing it recovers', async ({ page }) => {
  await page.goto('/?faces_found__gt=abc');
  const alert = page.locator('.empty-state[role=alert]');
  await expect(alert).toContainText('This query was refused');
  await expect(alert).toContainText('faces_found__gt');
  await expect(alert).toContainText('expected an integer');
  await alert.getByRole('button', { name: 'Remove faces_found__gt' }).click();
  await expectCount(page, 800);
});

test('an unreachable server is named as such, and Retry recovers', async ({ page }) => {
  await page.route('**/api/frames?*', (route) => route.abort('connectionrefused'));
  await page.goto('/');
  const alert = page.locator('.empty-state[role=alert]');
  await expect(alert).toContainText('The Stillroom server is not answering');
  await page.unroute('**/api/frames?*');
  await alert.getByRole('button', { name: 'Retry' }).click();
  await expectCount(page, 800);
});

test('an empty library says how to fill it', async ({ page }) => {
  await page.route('**/api/films', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '[]' }));
  await page.goto('/');
  await expect(page.getByText('The library has no films yet')).toBeVisible();
});

test('a million results stay scrollable: the grid pages under the browser’s height limit', async ({ page }) => {
  const TOTAL = 1_000_000;
  await page.route('**/api/frames?*', (route) => {
    const params = new URL(route.request().url()).searchParams;
    const offset = Number(params.get('_offset') ?? 0);
    const size = params.get('_size') === '0' ? 0 : Math.min(Number(params.get('_size') ?? 100), TOTAL - offset);
    const frames = Array.from({ length: size }, (_, i) => ({
      film: 'long_film_2020',
      frame: offset + i + 1,
      faces_found: 0,
      prim_char_flag: 0,
      width: 1920,
      height: 800,
      has_image: 0,
      faces: [],
    }));
    return route.fulfill({ json: { total: TOTAL, frames, next: null, facets: {}, histograms: {}, where: '' } });
  });
  await page.goto('/?view.tile=120');
  await expectCount(page, TOTAL);
  const pager = page.getByRole('navigation', { name: 'Result pages' });
  await expect(pager).toContainText('Page 1 of');
  const height = await page.locator('.grid-spacer').evaluate((el) => el.getBoundingClientRect().height);
  expect(height).toBeLessThan(33_000_000);
  expect(height).toBeGreaterThan(1_000_000);

  await pager.getByRole('button', { name: 'Last page' }).click();
  const grid = page.locator('.grid-scroll');
  await grid.evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  const last = page.locator(`.tile-button[data-index="${TOTAL - 1}"]`);
  await expect(last).toBeVisible();
  await expect(last).toContainText(`#${TOTAL}`);
  await expect(last).toContainText('277:46:40');

  // Keyboard focus moves across a page boundary too.
  await last.focus();
  await page.keyboard.press('Control+Home');
  await expect(page.locator('.tile-button[data-index="0"]')).toBeFocused();
  await expect(pager).toContainText('Page 1 of');
});
