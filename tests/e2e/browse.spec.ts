import { expect, test } from '@playwright/test';
import { DEMO_FILMS, demoTruth } from './demo-truth';
import { api, expectCount, expectThumbnailsLoaded, urlParams } from './ui-helpers';

const MEDIUM_CLOSE_UP = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';

test("the medium close-up preset shows the seed's selection and writes exactly its query", async ({ page, request }, testInfo) => {
  await page.goto('/');
  await expectCount(page, 800);
  await expect(page.getByTestId('result-where')).toHaveText('all frames of the library');

  await page.getByRole('button', { name: 'Medium close-up' }).click();
  const { total, where } = await api(request, `${MEDIUM_CLOSE_UP}&_size=0`);
  expect(total).toBe(DEMO_FILMS.reduce((sum, film) => sum + demoTruth.films[film].medium_close_up.length, 0));
  expect(total).toBe(254);
  await expectCount(page, total);
  await expect(page.getByTestId('result-where')).toHaveText(where);
  expect(urlParams(page)).toEqual(['p_face_size__gt=4', 'p_face_size__lt=20', 'prim_char_flag=1']);
  await expect(page.getByRole('button', { name: 'Medium close-up' })).toHaveAttribute('aria-pressed', 'true');

  // The tiles are the API's first results, each with film, frame number and timecode.
  const first = (await api(request, `${MEDIUM_CLOSE_UP}&_size=1`)).frames[0];
  const tile = page.locator('.tile-button[data-index="0"]');
  await expect(tile).toContainText(first.film);
  await expect(tile).toContainText(`#${first.frame}`);
  await expect(tile).toContainText(new Date(first.frame * 1000).toISOString().slice(11, 19));
  await expectThumbnailsLoaded(page);
  await expect(page.locator('.face.primary').first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('grid.png'), fullPage: true });
});

test('a pasted link opens on its selection; the grid renders and fetches only what is near the viewport', async ({ page, request }) => {
  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/frames?') && r.url().includes('_offset=')) requests.push(r.url());
  });
  await page.goto(`/?${MEDIUM_CLOSE_UP}`);
  await expectCount(page, 254);
  await expect(page.getByRole('button', { name: 'Medium close-up' })).toHaveAttribute('aria-pressed', 'true');

  await page.goto('/?view.tile=160');
  await expectCount(page, 800);
  await expectThumbnailsLoaded(page);
  const rendered = await page.locator('.tile').count();
  expect(rendered).toBeGreaterThan(10);
  expect(rendered).toBeLessThan(200);
  // Only the first window was asked for; scrolling to the end asks for the last one, by offset.
  expect(requests.every((url) => new URL(url).searchParams.get('_offset') === '0')).toBe(true);
  await page.locator('.grid-scroll').evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  await expect(page.locator('.tile-button[data-index="799"]')).toBeVisible();
  expect(requests.some((url) => new URL(url).searchParams.get('_offset') === '600')).toBe(true);
  const last = (await api(request, '_offset=799&_size=1')).frames[0];
  await expect(page.locator('.tile-button[data-index="799"]')).toContainText(`#${last.frame}`);
});

test('URL state follows back and forward and survives a reload', async ({ page, request }) => {
  const happyCount = (await api(request, 'film=the_hustle_2019&p_emotion=happy&_size=0')).total;
  await page.goto('/?film=the_hustle_2019');
  await expectCount(page, 300);
  const happy = page.getByRole('list', { name: 'Emotion' }).getByLabel(/happy/);
  await happy.check();
  await expect(page).toHaveURL(/p_emotion=happy/);
  await expectCount(page, happyCount);
  await page.getByRole('radio', { name: 'Table' }).check();
  await expect(page.getByRole('table', { name: 'Frames' })).toBeVisible();

  await page.goBack();
  await expect(page.getByRole('grid', { name: 'Frames' })).toBeVisible();
  await expect(happy).toBeChecked();
  await page.goBack();
  await expectCount(page, 300);
  await expect(happy).not.toBeChecked();
  await page.goForward();
  await expectCount(page, happyCount);
  await expect(happy).toBeChecked();
  await page.goForward();
  await expect(page.getByRole('table', { name: 'Frames' })).toBeVisible();
  expect(urlParams(page)).toEqual(['film=the_hustle_2019', 'p_emotion=happy', 'view.mode=table']);

  await page.reload();
  await expect(page.getByRole('table', { name: 'Frames' })).toBeVisible();
  await expect(happy).toBeChecked();
  await expectCount(page, happyCount);
  await expect(page.getByRole('radio', { name: 'Table' })).toBeChecked();
  await page.goBack();
  await expect(page.getByRole('grid', { name: 'Frames' })).toBeVisible();
  await expect(happy).toBeChecked();
});

test('facet counts follow the other filters; a filter matching nothing says so and clears', async ({ page, request }) => {
  await page.goto('/');
  await expectCount(page, 800);
  const faceChip = (n: string) => page.getByRole('group', { name: 'Number of faces' }).getByRole('button', { name: new RegExp(`^${n} faces`) });
  const all = (await api(request, '_size=0&_facet=faces_found')).facets.faces_found;
  const countOf = (facet: typeof all, value: number) => facet.find((f) => f.value === value)?.count ?? 0;
  await expect(faceChip('2')).toHaveAccessibleName(`2 faces, ${countOf(all, 2)} frames`);

  await page.getByRole('list', { name: 'Films' }).getByLabel(/the_hustle_2019/).check();
  const hustle = (await api(request, 'film=the_hustle_2019&_size=0&_facet=faces_found')).facets.faces_found;
  expect(countOf(hustle, 2)).not.toBe(countOf(all, 2));
  await expect(faceChip('2')).toHaveAccessibleName(`2 faces, ${countOf(hustle, 2)} frames`);
  // A group's own choice does not change its own counts: the other films still show theirs.
  const films = (await api(request, '_size=0&_facet=film')).facets.film;
  const knives = films.find((f) => f.value === 'knives_out_2019')!.count;
  await expect(page.getByRole('list', { name: 'Films' }).getByText(knives.toLocaleString('en'), { exact: true })).toBeVisible();

  await page.goto('/?brightness__gt=1000&film=the_hustle_2019');
  await expect(page.getByRole('heading', { name: 'No frames match' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'No frames match' })).toContainText('brightness > 1000');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expectCount(page, 800);
  expect(urlParams(page)).toEqual([]);
});

test("a filter change asks for the sidebar's counts only after the results have answered", async ({ page }) => {
  await page.goto('/');
  await expectCount(page, 800);
  const events: string[] = [];
  const isWindow = (url: URL) => url.searchParams.has('_offset');
  // Each group's counts leave out that group's own keys, so every request for the new query keeps one of these.
  const isFacets = (url: URL) => url.searchParams.get('_size') === '0' && (url.searchParams.has('prim_char_flag') || url.searchParams.has('p_face_size__gt'));
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/frames' && isFacets(url)) events.push('facets requested');
  });
  page.on('requestfinished', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/frames' && isWindow(url) && url.searchParams.get('p_face_size__gt') === '4') events.push('results answered');
  });
  await page.getByRole('button', { name: 'Medium close-up' }).click();
  await expectCount(page, 254);
  // The counts for the new query are asked for too, and shown.
  await expect.poll(() => events.filter((e) => e === 'facets requested').length).toBeGreaterThan(0);
  await expect(page.getByRole('group', { name: 'Number of faces' }).locator('.chip.stale')).toHaveCount(0);
  expect(events[0]).toBe('results answered');
  expect(events.filter((e) => e === 'results answered')).toHaveLength(1);
});
