/**
 * Issue 17 item 3: ranges chosen on the histogram by dragging and clicking,
 * an inverted range refused where it was typed, and a preset's strict ends
 * kept when one of them is edited.
 */
import { expect, test, type Page } from '@playwright/test';
import { api, expectCount, urlParams } from './ui-helpers';

interface Bin {
  from: number;
  to: number;
  count: number;
}

async function brightnessBins(request: Parameters<typeof api>[0]): Promise<Bin[]> {
  const answer = (await api(request, '_size=0&_histogram=brightness&_bins=32')) as unknown as { histograms: Record<string, { bins: Bin[] }> };
  return answer.histograms.brightness.bins;
}

function histogram(page: Page) {
  return page.locator('details.facet', { has: page.locator('summary', { hasText: /^Brightness/ }) }).locator('.histogram');
}

/** The middle of bin `i` of `n` on the histogram, in page coordinates. */
async function binPoint(page: Page, i: number, n: number) {
  await histogram(page).scrollIntoViewIfNeeded();
  const box = (await histogram(page).boundingBox())!;
  return { x: box.x + ((i + 0.5) * box.width) / n, y: box.y + box.height / 2 };
}

test('dragging across the histogram chooses those bins; clicking a bar chooses its bin', async ({ page, request }) => {
  const bins = await brightnessBins(request);
  expect(bins).toHaveLength(32);
  await page.goto('/');
  await expectCount(page, 800);
  await expect(histogram(page).locator('.bar')).toHaveCount(32);

  const from = await binPoint(page, 18, bins.length);
  const to = await binPoint(page, 23, bins.length);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, from.y, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  const dragged = bins.slice(18, 24).reduce((sum, b) => sum + b.count, 0);
  await expectCount(page, dragged);
  expect(urlParams(page)).toEqual([`brightness__gte=${bins[18].from}`, `brightness__lt=${bins[23].to}`].sort());
  await expect(histogram(page).locator('.bar.in')).toHaveCount(6);

  const bar = await binPoint(page, 9, bins.length);
  await page.mouse.click(bar.x, bar.y);
  await expectCount(page, bins[9].count);
  expect(urlParams(page)).toEqual([`brightness__gte=${bins[9].from}`, `brightness__lt=${bins[9].to}`].sort());
  expect(bins[9].count).toBe((await api(request, `brightness__gte=${bins[9].from}&brightness__lt=${bins[9].to}&_size=0`)).total);
});

test('an inverted range is refused where it was typed, with a message, and nothing is queried', async ({ page, request }) => {
  await page.goto('/');
  await expectCount(page, 800);
  const from = page.getByLabel('Brightness from');
  const to = page.getByLabel('Brightness to');
  await from.fill('60');
  await from.press('Enter');
  await expectCount(page, (await api(request, 'brightness__gte=60&_size=0')).total);
  expect(urlParams(page)).toEqual(['brightness__gte=60']);

  const queried: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('brightness__lte=30')) queried.push(r.url());
  });
  await to.fill('30');
  await to.press('Enter');
  const alert = page.getByRole('alert').filter({ hasText: 'Brightness: from 60 is above to 30' });
  await expect(alert).toBeVisible();
  await expect(to).toHaveAttribute('aria-invalid', 'true');
  await expect(to).toHaveValue('30');
  expect(urlParams(page)).toEqual(['brightness__gte=60']);
  expect(queried).toEqual([]);

  // Put right, the range is applied and the message goes.
  await to.fill('90');
  await to.press('Enter');
  await expectCount(page, (await api(request, 'brightness__gte=60&brightness__lte=90&_size=0')).total);
  await expect(alert).toHaveCount(0);
});

test("editing one end of a preset's range keeps its strict operators", async ({ page, request }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Medium close-up' }).click();
  await expectCount(page, 254);
  const to = page.getByLabel('Primary face size to');
  await expect(to).toHaveValue('20');
  await to.fill('15');
  await to.press('Enter');
  await expectCount(page, (await api(request, 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=15&_size=0')).total);
  expect(urlParams(page)).toEqual(['p_face_size__gt=4', 'p_face_size__lt=15', 'prim_char_flag=1']);
  await expect(page.getByTestId('result-where')).toHaveText('where prim_char_flag = 1 and p_face_size > 4 and p_face_size < 15');
});
