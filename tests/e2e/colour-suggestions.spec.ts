/**
 * Issue 17 item 7: a colour search that finds nothing offers the nearest
 * colours the library does have, one click each; the docs' example colours
 * find frames on the demo library.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { api, expectCount, urlParams } from './ui-helpers';

test('no frame near magenta: the nearest colours are offered, and one click searches for one', async ({ page, request }) => {
  await page.goto('/?film=the_hustle_2019&_color=ff00ff&_color_distance=10');
  await expect(page.getByRole('heading', { name: 'No frames match' })).toBeVisible();
  const { colours } = (await (await request.get('/api/nearest-colours?film=the_hustle_2019&_color=ff00ff&_color_distance=10')).json()) as {
    colours: Array<{ hex: string; distance: number; film: string }>;
  };
  expect(colours).toHaveLength(5);
  expect(colours.every((c) => c.film === 'the_hustle_2019' && c.distance > 10)).toBe(true);
  const offered = page.getByRole('list', { name: 'Nearest colours' }).getByRole('button');
  await expect(offered).toHaveText(colours.map((c) => `#${c.hex}ΔE ${c.distance}`));

  await offered.nth(1).click();
  expect(urlParams(page)).toEqual([`_color=${colours[1].hex}`, '_color_distance=10', 'film=the_hustle_2019']);
  const found = (await api(request, `film=the_hustle_2019&_color=${colours[1].hex}&_color_distance=10&_size=0`)).total;
  expect(found).toBeGreaterThan(0);
  await expectCount(page, found);
});

test("the docs' example colour links find frames", async ({ page, request }) => {
  const ui = readFileSync('docs/ui.md', 'utf8');
  const link = /\/\?(_color=[0-9a-f]{6}&_color_distance=\d+)/.exec(ui)![1];
  const found = (await api(request, `${link}&_size=0`)).total;
  expect(found).toBeGreaterThan(0);
  await page.goto(`/?${link}`);
  await expectCount(page, found);
});
