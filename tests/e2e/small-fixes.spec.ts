/**
 * Issue 17 item 10: an answer cut short is an error shown, never an
 * uncaught "reading 'frames'" (and reload-then-Export never throws); a link
 * to a frame the library does not have says so; the smallest tiles name the
 * film in short with the title on hover; the favicon is served.
 */
import { expect, test } from '@playwright/test';
import { api, expectCount } from './ui-helpers';

test('an answer cut short is reported, not thrown; reload-then-Export never throws', async ({ page }) => {
  const thrown: string[] = [];
  page.on('pageerror', (error) => thrown.push(error.message));
  // The first window of results arrives cut off in the middle of its JSON.
  await page.route(/\/api\/frames\?.*_offset=0/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"total": 800, "frames": [{"fi' }), {
    times: 1,
  });
  await page.goto('/');
  await expect(page.getByRole('alert').filter({ hasText: 'the answer could not be read' })).toBeVisible();
  await page.unrouteAll();

  for (let i = 0; i < 7; i++) {
    await page.reload();
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByRole('dialog', { name: 'Export frames' })).toBeVisible();
    await expect(page.getByTestId('export-preview')).toContainText('Will write');
  }
  await expectCount(page, 800);
  expect(thrown).toEqual([]);
});

test('a link to a frame that is not in this library says so', async ({ page }) => {
  await page.goto('/?view.frame=no_such_film_1999:5');
  const dialog = page.getByRole('dialog', { name: 'no_such_film_1999, frame 5' });
  await expect(dialog.getByRole('alert')).toHaveText('Frame 5 of no_such_film_1999 is not in this library: the link names a film or a frame it does not have.');
  await expect(dialog.locator('.fv-position')).toHaveText('Not in this library');
  await expect(dialog.locator('.fv-stage img')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expectCount(page, 800);
});

test('the smallest tiles name the film in short, the full title on hover', async ({ page, request }) => {
  const [first] = (await api(request, '_size=1')).frames;
  expect(first.film).toBe('before_sunset_2004');
  await page.goto('/?view.tile=120');
  await expectCount(page, 800);
  const film = page.locator('.tile-button[data-index="0"] .tile-film');
  await expect(film).toHaveText("BS '04");
  await expect(film).toHaveAttribute('title', 'Before Sunset (2004)');
  // The short form fits: nothing is cut off.
  expect(await film.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

  await page.goto('/?view.tile=320');
  await expect(page.locator('.tile-button[data-index="0"] .tile-film')).toHaveText('before_sunset_2004');
});

test('the page has a favicon, and loading it asks for nothing that is missing', async ({ page, request }) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto('/');
  await expectCount(page, 800);
  const href = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect(href).not.toBeNull();
  const icon = await request.get(href!);
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
  expect(missing).toEqual([]);
});
