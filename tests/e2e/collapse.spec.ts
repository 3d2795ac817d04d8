/**
 * `_collapse` in the grid: one tile per shot, each with its group's size,
 * whose badge opens the group; the count says what is shown.
 */
import { expect, test } from '@playwright/test';
import { expectCount } from './ui-helpers';

test('one tile per shot with "+N", and the badge opens the shot', async ({ page, request }, testInfo) => {
  const film = 'before_sunset_2004';
  const answer = await (await request.get(`/api/frames?film=${film}&_collapse=shot&_size=1000`)).json();
  const shots = answer.total as number;
  // The first tile of a shot of more than one frame: on the first screen of the grid.
  const first = (answer.frames as Array<{ frame: number; shot_id: number; group: { size: number; open: string | null } }>).find((f) => f.group.size > 1)!;

  const frames = (await (await request.get(`/api/frames?film=${film}&_size=0`)).json()).total as number;
  await page.goto(`/?film=${film}`);
  await expectCount(page, frames);
  await page.getByLabel('Show', { exact: true }).selectOption('shot');
  await expectCount(page, shots);
  await expect(page.getByTestId('result-count').locator('..')).toContainText(`${shots} shots`);
  await expect(page.getByTestId('result-where')).toContainText('one frame per shot (largest primary face); counts are of the frames shown');
  expect(new URL(page.url()).searchParams.get('_collapse')).toBe('shot');

  const badge = page.getByRole('button', { name: `Open the ${first.group.size} frames of this group` }).first();
  await expect(badge).toHaveText(`+${first.group.size - 1}`);
  await page.screenshot({ path: testInfo.outputPath('collapsed-by-shot.png') });
  await badge.click();
  await expectCount(page, first.group.size);
  const url = new URL(page.url());
  expect(url.searchParams.get('_collapse')).toBeNull();
  expect(url.searchParams.get('film')).toBe(film);
  expect(url.searchParams.get('shot_id')).toBe(String(first.shot_id));
});
