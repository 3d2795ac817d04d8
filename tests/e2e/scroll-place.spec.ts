/**
 * Issue 17 item 9: the grid's place (its first visible result) is in the URL
 * as `view.at`, so a reload or a shared link opens at the same frames; new
 * filters start at the top again.
 */
import { expect, test, type Page } from '@playwright/test';
import { expectCount } from './ui-helpers';

/** The index of the first tile whose row is at the top of the grid's viewport. */
async function firstVisible(page: Page): Promise<number> {
  return page.locator('.grid-scroll').evaluate((grid) => {
    const top = grid.getBoundingClientRect().top;
    const tiles = [...grid.querySelectorAll<HTMLElement>('.tile-button')].filter((t) => t.getBoundingClientRect().bottom > top + 1);
    return Math.min(...tiles.map((t) => Number(t.dataset.index)));
  });
}

const at = (page: Page) => new URL(page.url()).searchParams.get('view.at');

test('the first visible result is kept in the URL: a reload and a shared link open at the same frames', async ({ page, browser }) => {
  await page.goto('/?film=knives_out_2019&view.tile=160');
  await expectCount(page, 260);
  const grid = page.locator('.grid-scroll');
  const cols = Number(await grid.getAttribute('data-cols'));
  const rowHeight = await page.locator('.grid-row').first().evaluate((row) => row.getBoundingClientRect().height);
  // A little past the row's top, so a fractional row height rounding the scroll down cannot leave row 19 showing.
  await grid.evaluate((el, top) => el.scrollTo({ top }), 20 * rowHeight + 2);
  await expect.poll(() => at(page)).toBe(String(20 * cols));
  expect(await firstVisible(page)).toBe(20 * cols);
  await expect(page.locator(`.tile-button[data-index="${20 * cols}"]`)).toBeInViewport();

  await page.reload();
  await expectCount(page, 260);
  await expect(page.locator(`.tile-button[data-index="${20 * cols}"]`)).toBeInViewport();
  await expect.poll(() => firstVisible(page)).toBe(20 * cols);
  expect(at(page)).toBe(String(20 * cols));

  // The link, opened elsewhere, shows the same frames first.
  const link = page.url();
  expect(new URL(link).searchParams.get('view.at')).toBe(String(20 * cols));
  const other = await browser.newPage();
  await other.goto(link);
  await expectCount(other, 260);
  await expect.poll(() => firstVisible(other)).toBe(20 * cols);
  await other.close();

  // Back at the top, the URL says nothing; new filters start at the top.
  await grid.evaluate((el) => el.scrollTo({ top: 5 * el.scrollHeight }));
  await expect.poll(() => Number(at(page))).toBeGreaterThan(20 * cols);
  await page.getByRole('list', { name: 'Emotion' }).getByRole('checkbox', { name: /^happy/ }).check();
  await expect(page).toHaveURL(/p_emotion=happy/);
  expect(at(page)).toBeNull();
  await expect.poll(() => grid.evaluate((el) => el.scrollTop)).toBe(0);
});
