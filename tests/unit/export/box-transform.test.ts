/**
 * The box arithmetic against sharp itself: a white box is drawn into a real
 * JPEG, the image goes through the export's own transformImage (crop,
 * resize with each fit, greyscale, PNG), and the white pixels found in the
 * output must sit where mapRect says the box went, to within a pixel (the
 * resampling blurs edges; the threshold is half way).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { clipRect, cropRegion, faceRect, imageGeometry, mapRect, resizeGeometry, type Rect } from '@/lib/export/box-transform';
import { transformImage } from '@/lib/export/images';
import { FIT_MODES, type FitMode } from '@/lib/export/options';

const dir = mkdtempSync(path.join(tmpdir(), 'stillroom-boxes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function frameWithBox(width: number, height: number, box: Rect): Promise<string> {
  const file = path.join(dir, `${width}x${height}-${box.x}-${box.y}-${box.width}-${box.height}.jpg`);
  const white = await sharp({ create: { width: box.width, height: box.height, channels: 3, background: '#ffffff' } }).png().toBuffer();
  await sharp({ create: { width, height, channels: 3, background: '#000000' } })
    .composite([{ input: white, left: box.x, top: box.y }])
    .jpeg({ quality: 100 })
    .toFile(file);
  return file;
}

/** The bounds of the pixels brighter than half grey, as a Rect of pixel edges, and the image's size. */
async function whiteBounds(image: Buffer): Promise<{ rect: Rect | null; width: number; height: number }> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (data[(y * info.width + x) * info.channels] < 128) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  const rect = x1 < 0 ? null : { x: x0, y: y0, width: x1 + 1 - x0, height: y1 + 1 - y0 };
  return { rect, width: info.width, height: info.height };
}

function expectClose(found: Rect, expected: Rect, tolerance = 1): void {
  for (const [a, b] of [
    [found.x, expected.x],
    [found.y, expected.y],
    [found.x + found.width, expected.x + expected.width],
    [found.y + found.height, expected.y + expected.height],
  ]) {
    expect(Math.abs(a - b), `found ${JSON.stringify(found)}, computed ${JSON.stringify(expected)}`).toBeLessThanOrEqual(tolerance);
  }
}

const FRAMES: Array<{ width: number; height: number; box: Rect }> = [
  { width: 1920, height: 800, box: { x: 1500, y: 120, width: 260, height: 300 } },
  { width: 1280, height: 720, box: { x: 40, y: 500, width: 180, height: 200 } },
  // Sides that are not multiples of 8: no JPEG shrink-on-load shortcut lines up.
  { width: 999, height: 557, box: { x: 700, y: 33, width: 121, height: 140 } },
];
const SIZES = [
  { width: 224, height: 224 },
  { width: 192, height: 80 },
  { width: 101, height: 333 },
];

describe('face boxes follow sharp', () => {
  for (const frame of FRAMES) {
    for (const size of SIZES) {
      it.each(FIT_MODES)(`${frame.width}x${frame.height} to ${size.width}x${size.height} with fit %s`, async (fit: FitMode) => {
        const file = await frameWithBox(frame.width, frame.height, frame.box);
        const resize = { ...size, fit };
        const geometry = imageGeometry({ x: 0, y: 0, width: frame.width, height: frame.height }, resize);
        const out = await transformImage(file, { resize, grayscale: fit === 'contain', format: fit === 'fill' ? 'png' : null }, null, {
          width: geometry.resize.width,
          height: geometry.resize.height,
        });
        const found = await whiteBounds(out);
        expect([found.width, found.height]).toEqual([geometry.resize.width, geometry.resize.height]);
        const mapped = mapRect(frame.box, geometry);
        if (mapped === null || mapped.width < 1 || mapped.height < 1) {
          // Cut away by a cover crop: nothing bright may be left but a sliver of blur.
          expect(found.rect === null || found.rect.width <= 1 || found.rect.height <= 1).toBe(true);
        } else {
          expect(found.rect).not.toBeNull();
          expectClose(found.rect!, mapped);
        }
      });
    }
  }

  it.each(['cover', 'contain', 'fill'] as const)('a face crop with a margin, then resized with fit %s', async (fit) => {
    const frame = FRAMES[0];
    const file = await frameWithBox(frame.width, frame.height, frame.box);
    const region = cropRegion(frame.box, 0.25, frame.width, frame.height);
    expect(region).toEqual({ x: 1435, y: 45, width: 390, height: 450 });
    const geometry = imageGeometry(region, { width: 96, height: 96, fit });
    const out = await transformImage(file, { resize: { width: 96, height: 96, fit }, grayscale: false, format: 'png' }, region, {
      width: geometry.resize.width,
      height: geometry.resize.height,
    });
    const found = await whiteBounds(out);
    expectClose(found.rect!, mapRect(frame.box, geometry)!);
  });

  it('a crop at the frame edge is clipped to the frame, and so is a box cut by it', async () => {
    const frame = FRAMES[1];
    const region = cropRegion(frame.box, 0.5, frame.width, frame.height);
    expect(region).toEqual({ x: 0, y: 400, width: 310, height: 320 });
    const file = await frameWithBox(frame.width, frame.height, frame.box);
    const out = await transformImage(file, { resize: null, grayscale: true, format: 'png' }, region, { width: 310, height: 320 });
    const found = await whiteBounds(out);
    expectClose(found.rect!, mapRect(frame.box, imageGeometry(region, null))!, 0);
    // Another face half inside the crop keeps the half that is inside; one outside it is dropped.
    const half = mapRect({ x: 250, y: 600, width: 120, height: 60 }, imageGeometry(region, null));
    expect(half).toEqual({ x: 250, y: 200, width: 60, height: 60 });
    expect(mapRect({ x: 900, y: 10, width: 50, height: 50 }, imageGeometry(region, null))).toBeNull();
  });

  it('clips detector boxes that reach past the frame, and drops those wholly outside', () => {
    expect(faceRect({ top: -10, right: 120, bottom: 90, left: 20 }, 100, 80)).toEqual({ x: 20, y: 0, width: 80, height: 80 });
    expect(faceRect({ top: 10, right: 260, bottom: 50, left: 200 }, 100, 80)).toBeNull();
    expect(clipRect({ x: 5, y: 5, width: 0, height: 10 }, 100, 100)).toBeNull();
  });

  it('sizes images as sharp does: inside and outside keep the aspect ratio, contain pads, cover crops', () => {
    expect(resizeGeometry(1920, 800, { width: 224, height: 224, fit: 'inside' })).toMatchObject({ width: 224, height: 93 });
    expect(resizeGeometry(1920, 800, { width: 224, height: 224, fit: 'outside' })).toMatchObject({ width: 538, height: 224 });
    expect(resizeGeometry(1920, 800, { width: 224, height: 224, fit: 'contain' })).toMatchObject({ width: 224, height: 224, dx: 0, dy: 65 });
    expect(resizeGeometry(1920, 800, { width: 224, height: 224, fit: 'cover' })).toMatchObject({ width: 224, height: 224, dx: -157, dy: -0 });
    expect(resizeGeometry(1920, 800, null)).toEqual({ width: 1920, height: 800, scaleX: 1, scaleY: 1, dx: 0, dy: 0 });
  });
});
