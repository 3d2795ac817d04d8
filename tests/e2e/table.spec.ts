import { expect, test } from '@playwright/test';
import { api, expectCount } from './ui-helpers';

test('the table sorts through the API and keeps its columns in the URL', async ({ page, request }) => {
  await page.goto('/?film=knives_out_2019');
  await expectCount(page, 260);
  await page.getByRole('radio', { name: 'Table' }).check();
  const table = page.getByRole('table', { name: 'Frames' });
  await expect(table).toBeVisible();

  const header = table.getByRole('columnheader', { name: 'brightness' });
  await header.getByRole('button').click();
  await expect(page).toHaveURL(/_sort=brightness/);
  await expect(header).toHaveAttribute('aria-sort', 'ascending');
  await header.getByRole('button').click();
  await expect(page).toHaveURL(/_sort_desc=brightness/);
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  expect(new URL(page.url()).searchParams.has('_sort')).toBe(false);

  const top = (await api(request, 'film=knives_out_2019&_sort_desc=brightness&_size=3')).frames;
  const rows = table.getByRole('rowgroup').nth(1).getByRole('row');
  const columnIndex = (name: string) => table.getByRole('columnheader').evaluateAll((cells, n) => cells.findIndex((c) => c.textContent?.startsWith(n)), name);
  const brightnessColumn = await columnIndex('brightness');
  for (const [i, frame] of top.entries()) {
    await expect(rows.nth(i).getByRole('cell').nth(brightnessColumn)).toHaveText(String(frame.brightness));
    await expect(rows.nth(i).getByRole('button', { name: new RegExp(`frame ${frame.frame} `) }).first()).toBeVisible();
  }

  await page.locator('.column-picker summary').click();
  await page.getByRole('checkbox', { name: 'p_emotion' }).uncheck();
  await page.getByRole('checkbox', { name: 'lab_l' }).check();
  await expect(table.getByRole('columnheader', { name: 'p_emotion' })).toHaveCount(0);
  await expect(table.getByRole('columnheader', { name: 'lab_l' })).toBeVisible();
  const cols = new URL(page.url()).searchParams.get('view.cols')!.split(',');
  expect(cols).toContain('lab_l');
  expect(cols).not.toContain('p_emotion');

  await page.reload();
  await expect(table.getByRole('columnheader', { name: 'lab_l' })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'p_emotion' })).toHaveCount(0);
  await expect(rows.first().getByRole('cell').nth(await columnIndex('brightness'))).toHaveText(String(top[0].brightness));

  // Opening a row shows that frame.
  await rows.nth(1).getByRole('button').first().click();
  await expect(page.getByRole('dialog').getByRole('heading', { level: 2 })).toContainText(`#${top[1].frame}`);
});
