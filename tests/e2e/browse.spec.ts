import { expect, test } from '@playwright/test';
import { DEMO_FILMS, demoTruth } from './demo-truth';

test('the home page lists the demo films with their frame counts', async ({ page }, testInfo) => {
  await page.goto('/');
  const links = page.getByRole('navigation', { name: 'Films' }).getByRole('link');
  await expect(links).toHaveCount(DEMO_FILMS.length);
  for (const [i, film] of DEMO_FILMS.entries()) {
    await expect(links.nth(i)).toContainText(film);
    await expect(links.nth(i)).toContainText(demoTruth.films[film].frame_count.toLocaleString('en'));
  }
  await page.screenshot({ path: testInfo.outputPath('home.png'), fullPage: true });
});

test("a film's grid shows loaded thumbnails with frame and timecode, and pages on", async ({ page }, testInfo) => {
  const film = DEMO_FILMS[1];
  await page.goto('/');
  await page.getByRole('link', { name: new RegExp(film) }).click();
  await expect(page).toHaveURL(new RegExp(`\\?film=${film}$`));
  const cards = page.locator('.grid .card');
  await expect(cards.first()).toBeVisible();
  await expect(cards.first().locator('figcaption')).toContainText('#1');
  await expect(cards.first().locator('figcaption')).toContainText('00:00:01');

  const images = page.locator('.grid img');
  const first = images.first();
  await expect(first).toHaveAttribute('src', `/api/frames/${film}/1/thumb?w=320`);
  // Images above the fold must actually decode: naturalWidth is 0 for a broken image.
  await expect.poll(() => first.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  const loaded = await images.evaluateAll((imgs) =>
    (imgs as HTMLImageElement[]).filter((img) => img.getBoundingClientRect().top < window.innerHeight).map((img) => img.naturalWidth),
  );
  expect(loaded.length).toBeGreaterThan(1);
  await expect.poll(() => images.evaluateAll((imgs) =>
    (imgs as HTMLImageElement[]).filter((img) => img.getBoundingClientRect().top < window.innerHeight).every((img) => img.complete && img.naturalWidth > 0),
  )).toBe(true);
  await page.screenshot({ path: testInfo.outputPath('grid.png') });

  const total = demoTruth.films[film].frame_count;
  const before = await cards.count();
  expect(before).toBeLessThan(total);
  await page.getByRole('button', { name: 'More' }).click();
  await expect(cards).toHaveCount(Math.min(total, before * 2));
  await expect(page.locator('.more')).toContainText(`of ${total.toLocaleString('en')} frames`);
});

test('an API failure shows an error state instead of a blank page', async ({ page }) => {
  const failure = { status: 500, contentType: 'application/json', body: JSON.stringify({ error: 'Internal server error' }) };
  await page.route('**/api/films', (route) => route.fulfill(failure));
  await page.goto('/');
  await expect(page.getByRole('alert').filter({ hasText: 'Could not load the films' })).toContainText('Internal server error');

  await page.unroute('**/api/films');
  await page.route('**/api/frames?*', (route) => route.fulfill(failure));
  await page.goto(`/?film=${DEMO_FILMS[0]}`);
  await expect(page.getByRole('alert').filter({ hasText: `Could not load the frames of ${DEMO_FILMS[0]}` })).toBeVisible();
});

test('an empty library shows an empty state', async ({ page }) => {
  await page.route('**/api/films', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '[]' }));
  await page.goto('/');
  await expect(page.getByText('The library has no films yet')).toBeVisible();
});
