/**
 * Issue 17 item 2: a selection shows its own query. Made with "left" set,
 * then that filter cleared, the bar still says the selection requires
 * "left"; "Use the current filters as this selection's query" replaces it,
 * and Undo puts it back. The suggested name uses every filter.
 */
import { expect, test } from '@playwright/test';
import { api, expectCount } from './ui-helpers';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';

test("the selection bar shows the selection's query as chips, and can take the current filters as its query, undoably", async ({ page, request }, testInfo) => {
  const left = (await api(request, `${MCU}&p_center_alignment=left&_size=0`)).total;
  const all = (await api(request, `${MCU}&_size=0`)).total;
  await page.goto(`/?${MCU}`);
  await expectCount(page, all);
  const alignment = page.getByRole('list', { name: 'Left / right of centre' });
  await alignment.getByRole('checkbox', { name: /^left/ }).check();
  await expectCount(page, left);

  await page.getByRole('button', { name: 'New from filters…' }).click();
  const create = page.getByRole('dialog', { name: 'New selection' });
  // The name offered says more than the preset.
  await expect(create.getByLabel('Name')).toHaveValue(/^Medium close-up, left of centre/);
  const name = `left-facing ${testInfo.workerIndex}-${Date.now()}`;
  await create.getByLabel('Name').fill(name);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('selection-members')).toHaveText(String(left));

  const chips = page.getByRole('list', { name: `Query of “${name}”` }).getByRole('listitem');
  await expect(chips).toHaveText(['prim_char_flag = 1', 'p_face_size > 4', 'p_face_size < 20', 'p_center_alignment = "left"']);
  const useCurrent = page.getByRole('button', { name: 'Use the current filters as this selection’s query' });
  await expect(useCurrent).toHaveCount(0);

  // Clearing "left": more results than members, and the bar still says why.
  await alignment.getByRole('checkbox', { name: /^left/ }).uncheck();
  await expectCount(page, all);
  await expect(page.getByTestId('selection-members')).toHaveText(String(left));
  await expect(chips.nth(3)).toHaveText('p_center_alignment = "left"');

  await useCurrent.click();
  await expect(chips).toHaveText(['prim_char_flag = 1', 'p_face_size > 4', 'p_face_size < 20']);
  await expect(page.getByTestId('selection-members')).toHaveText(String(all));
  await expect(useCurrent).toHaveCount(0);
  await expect(page.getByTestId('curation-status')).toContainText('Its query is now the current filters');

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(chips).toHaveText(['prim_char_flag = 1', 'p_face_size > 4', 'p_face_size < 20', 'p_center_alignment = "left"']);
  await expect(page.getByTestId('selection-members')).toHaveText(String(left));
  await expect(useCurrent).toBeVisible();
});
