import { expect, test, type Page } from '@playwright/test';
import { demoTruth } from './demo-truth';
import { api, expectThumbnailsLoaded, type ApiFrame } from './ui-helpers';

const LADDER = [160, 240, 320, 480, 640, 960, 1280];

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where `object-fit: contain` draws a natW x natH image in `box`, and where face [t, r, b, l] lands in it. */
function expectedFace(box: Box, natW: number, natH: number, [top, right, bottom, left]: [number, number, number, number]): Box {
  const scale = Math.min(box.width / natW, box.height / natH);
  const x0 = box.x + (box.width - natW * scale) / 2;
  const y0 = box.y + (box.height - natH * scale) / 2;
  return { x: x0 + left * scale, y: y0 + top * scale, width: (right - left) * scale, height: (bottom - top) * scale };
}

function expectClose(actual: Box, expected: Box, what: string) {
  for (const key of ['x', 'y', 'width', 'height'] as const) {
    expect(Math.abs(actual[key] - expected[key]), `${what}: ${key} is ${actual[key]}, expected ${expected[key]}`).toBeLessThanOrEqual(1.5);
  }
}

async function checkTile(page: Page, index: number, frame: ApiFrame, what: string) {
  const tile = page.locator(`.tile-button[data-index="${index}"]`);
  await expect(tile).toContainText(`#${frame.frame}`);
  const imageBox = (await tile.locator('.tile-image').boundingBox())!;
  // The thumbnail is the smallest ladder width covering the tile's device pixels.
  const src = (await tile.locator('img').getAttribute('src'))!;
  const dpr = await page.evaluate(() => window.devicePixelRatio);
  expect(Number(new URL(src, 'http://x').searchParams.get('w')), what).toBe(LADDER.find((w) => w >= imageBox.width * dpr) ?? 1280);
  const boxes = tile.locator('.face');
  await expect(boxes).toHaveCount(frame.faces.length);
  for (const [i, face] of frame.faces.entries()) {
    const drawn = (await boxes.nth(i).boundingBox())!;
    expectClose(drawn, expectedFace(imageBox, frame.width, frame.height, face), `${what}, face ${i}`);
  }
  if (frame.prim_char_flag === 1) {
    await expect(boxes.first()).toHaveClass(/primary/);
    await expect(boxes.first()).toContainText('primary');
  }
}

for (const film of ['knives_out_2019', 'the_hustle_2019']) {
  test(`face boxes sit on the faces of ${film} (${demoTruth.films[film].width}x${demoTruth.films[film].height}) at two tile sizes`, async ({ page, request }) => {
    const query = `film=${film}&faces_found__gte=2`;
    const frames = (await api(request, `${query}&_size=3`)).frames;
    expect(frames.length).toBe(3);
    expect(frames[0].width).toBe(demoTruth.films[film].width);
    for (const tile of [160, 420]) {
      await page.goto(`/?${query}&view.tile=${tile}`);
      await expectThumbnailsLoaded(page);
      for (const [i, frame] of frames.entries()) await checkTile(page, i, frame, `${film} tile ${tile} #${frame.frame}`);
    }
    await page.getByRole('checkbox', { name: 'Face boxes' }).uncheck();
    await expect(page.locator('.face')).toHaveCount(0);
    await expect(page).toHaveURL(/view\.boxes=0/);
  });
}

test('face boxes sit on the faces in the full-size frame view of a letterboxed frame', async ({ page, request }) => {
  const frame = (await api(request, 'film=knives_out_2019&prim_char_flag=1&faces_found__gte=2&_size=1')).frames[0];
  await page.goto(`/?film=knives_out_2019&view.frame=knives_out_2019:${frame.frame}`);
  const stage = page.locator('.fv-stage');
  await expect(stage.locator('.face')).toHaveCount(frame.faces.length);
  const box = (await stage.boundingBox())!;
  for (const [i, face] of frame.faces.entries()) {
    expectClose((await stage.locator('.face').nth(i).boundingBox())!, expectedFace(box, frame.width, frame.height, face), `frame view face ${i}`);
  }
  await expect(stage.locator('.face').first()).toHaveClass(/primary/);
});
