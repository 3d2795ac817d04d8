import { expect, test } from '@playwright/test';
import { api, expectCount } from './ui-helpers';

const WIDE = 'prim_char_flag=1&p_face_size__lte=1';

test("a click while the last click's requests are in flight cancels them, and a late answer never replaces the newer state", async ({ page, request }) => {
  await page.goto('/');
  await expectCount(page, 800);
  // Every request of the medium close-up state is held, so it is still in flight when the next click comes.
  const HELD_MS = 2500;
  await page.route(/\/api\/frames\?.*p_face_size__gt=4/, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, HELD_MS));
    await route.continue().catch(() => undefined); // the page cancelled it meanwhile
  });
  const failed: string[] = [];
  const sent: string[] = [];
  page.on('request', (r) => r.url().includes('p_face_size__gt=4') && sent.push(r.url()));
  page.on('requestfailed', (r) => r.url().includes('p_face_size__gt=4') && failed.push(r.failure()?.errorText ?? 'unknown'));

  await page.getByRole('button', { name: 'Medium close-up' }).click();
  await expect.poll(() => sent.length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Wide shot' }).click();

  const wide = await api(request, `${WIDE}&_size=0`);
  await expectCount(page, wide.total);
  await expect(page.getByTestId('result-where')).toHaveText(wide.where);
  // Every request of the abandoned state was cancelled by the page, not left to finish.
  await expect.poll(() => failed.length).toBe(sent.length);
  expect(failed.every((reason) => reason.includes('ABORTED'))).toBe(true);
  // After the held answers would have come, the page still shows the newer state.
  await page.waitForTimeout(HELD_MS + 500);
  await expectCount(page, wide.total);
  await expect(page.getByTestId('result-where')).toHaveText(wide.where);
  await expect(page.getByRole('button', { name: 'Wide shot' })).toHaveAttribute('aria-pressed', 'true');
});
