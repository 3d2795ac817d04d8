/** A JPEG deleted after ingest: the grid says so on its tile instead of showing a broken image. */
import { renameSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const JPEG = 'data/demo-library/frame_per_second/the_hustle_2019/the_hustle_2019_frame_3.jpg';

test('a JPEG deleted after ingest is reported on its tile', async ({ page, request }) => {
  renameSync(JPEG, `${JPEG}.moved`);
  try {
    expect((await request.get('/api/frames/the_hustle_2019/3/thumb?w=240')).status()).toBe(404);
    await page.goto('/?film=the_hustle_2019');
    const tile = page.getByRole('gridcell').filter({ has: page.getByRole('button', { name: /the_hustle_2019, frame 3 / }) });
    await expect(tile.getByRole('note')).toHaveText('JPEG missing: deleted or unreadable since the last ingest');
    const next = page.getByRole('gridcell').filter({ has: page.getByRole('button', { name: /the_hustle_2019, frame 4 / }) });
    await expect(next.getByRole('img')).toBeVisible();
  } finally {
    renameSync(`${JPEG}.moved`, JPEG);
  }
});
