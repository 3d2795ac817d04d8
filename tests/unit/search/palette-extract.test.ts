/**
 * Palette extraction on images drawn here with sharp, whose colours and areas
 * are known: shares, colours, letterbox and pillarbox bars, determinism.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { deltaE, rgbToLab } from '@/lib/color/lab';
import { decodeForPalette, paletteOfDecoded, paletteOfPixels, type Palette } from '@/lib/palette/extract';
import { makeTempDir } from '../../helpers/library';

/** A file's palette, the way the background analysis makes it. */
const extractPalette = async (file: string) => paletteOfDecoded(await decodeForPalette(file));

type RGB = [number, number, number];
const RED: RGB = [230, 30, 40];
const BLUE: RGB = [20, 60, 200];
const WHITE: RGB = [250, 250, 250];
const BLACK: RGB = [0, 0, 0];

const { dir, cleanup } = makeTempDir('palette-extract');
afterAll(cleanup);

/** Vertical bands of colour filling `width` x `height`, inside black bars of the given sizes. */
function drawBands(
  width: number,
  height: number,
  bands: Array<[RGB, number]>,
  bars: { top?: number; bottom?: number; left?: number; right?: number } = {},
): { data: Uint8Array; width: number; height: number } {
  const { top = 0, bottom = 0, left = 0, right = 0 } = bars;
  const W = width + left + right;
  const H = height + top + bottom;
  const data = new Uint8Array(W * H * 3);
  for (let y = top; y < top + height; y++) {
    let x = left;
    for (const [colour, share] of bands) {
      const end = Math.min(left + width, x + Math.round(share * width));
      for (; x < end; x++) data.set(colour, (y * W + x) * 3);
    }
    for (; x < left + width; x++) data.set(bands[bands.length - 1][0], (y * W + x) * 3);
  }
  return { data, width: W, height: H };
}

async function writeImage(name: string, image: { data: Uint8Array; width: number; height: number }, format: 'png' | 'jpeg'): Promise<string> {
  const file = path.join(dir, `${name}.${format === 'png' ? 'png' : 'jpg'}`);
  const pipeline = sharp(Buffer.from(image.data), { raw: { width: image.width, height: image.height, channels: 3 } });
  await (format === 'png' ? pipeline.png() : pipeline.jpeg({ quality: 90 })).toFile(file);
  return file;
}

/** The total share of the palette's colours within `tolerance` ΔE of `rgb`. */
function shareNear(palette: Palette, rgb: RGB, tolerance: number): number {
  const lab = rgbToLab(...rgb);
  return palette.filter((c) => deltaE(c, lab) <= tolerance).reduce((sum, c) => sum + c.share, 0);
}

const RBW: Array<[RGB, number]> = [[RED, 0.6], [BLUE, 0.3], [WHITE, 0.1]];

describe('extractPalette', () => {
  it('finds 60% red, 30% blue and 10% white in a PNG, largest share first', async () => {
    const palette = await extractPalette(await writeImage('rbw', drawBands(640, 360, RBW), 'png'));
    expect(palette.length).toBeGreaterThanOrEqual(3);
    expect(palette.length).toBeLessThanOrEqual(5);
    expect(deltaE(palette[0], rgbToLab(...RED))).toBeLessThan(3);
    expect(deltaE(palette[1], rgbToLab(...BLUE))).toBeLessThan(3);
    expect(deltaE(palette[2], rgbToLab(...WHITE))).toBeLessThan(3);
    expect(palette[0].share).toBeCloseTo(0.6, 1);
    expect(Math.abs(palette[0].share - 0.6)).toBeLessThan(0.03);
    expect(Math.abs(palette[1].share - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(palette[2].share - 0.1)).toBeLessThan(0.03);
    expect(palette.reduce((sum, c) => sum + c.share, 0)).toBeCloseTo(1, 9);
    for (let i = 1; i < palette.length; i++) expect(palette[i].share).toBeLessThanOrEqual(palette[i - 1].share);
    expect(palette[0].hex).toMatch(/^[0-9a-f]{6}$/);
  });

  it('gives the same shares from a JPEG, whose compression blurs the edges', async () => {
    const palette = await extractPalette(await writeImage('rbw', drawBands(640, 360, RBW), 'jpeg'));
    expect(Math.abs(shareNear(palette, RED, 8) - 0.6)).toBeLessThan(0.04);
    expect(Math.abs(shareNear(palette, BLUE, 8) - 0.3)).toBeLessThan(0.04);
    expect(Math.abs(shareNear(palette, WHITE, 8) - 0.1)).toBeLessThan(0.04);
  });

  it('leaves letterbox bars out: a 2.39 picture inside a 16:9 frame', async () => {
    // 1280x536 picture, 92 black rows above and below: 1280x720 in all.
    const palette = await extractPalette(await writeImage('letterbox', drawBands(1280, 536, RBW, { top: 92, bottom: 92 }), 'jpeg'));
    expect(shareNear(palette, BLACK, 15)).toBe(0);
    expect(Math.abs(shareNear(palette, RED, 8) - 0.6)).toBeLessThan(0.04);
    expect(Math.abs(shareNear(palette, BLUE, 8) - 0.3)).toBeLessThan(0.04);
  });

  it('leaves pillarbox bars out: a 4:3 picture inside a 16:9 frame', async () => {
    const palette = await extractPalette(await writeImage('pillarbox', drawBands(960, 720, RBW, { left: 160, right: 160 }), 'jpeg'));
    expect(shareNear(palette, BLACK, 15)).toBe(0);
    expect(Math.abs(shareNear(palette, RED, 8) - 0.6)).toBeLessThan(0.04);
  });

  it('keeps black that is not a pair of bars: a dark band at the top only', async () => {
    const image = drawBands(640, 360, [[RED, 1]]);
    image.data.fill(0, 0, 640 * 72 * 3); // the top 20% black, the bottom edge red
    const palette = await extractPalette(await writeImage('dark-top', image, 'png'));
    expect(Math.abs(shareNear(palette, BLACK, 5) - 0.2)).toBeLessThan(0.03);
  });

  it('gives a black frame (a fade) one black colour, not nothing', async () => {
    const palette = await extractPalette(await writeImage('black', drawBands(640, 360, [[BLACK, 1]]), 'jpeg'));
    expect(palette).toHaveLength(1);
    expect(palette[0].share).toBe(1);
    expect(palette[0].l).toBeLessThan(2);
  });

  it('is deterministic: the same file gives the same palette, to the last digit', async () => {
    // A smooth gradient: no colour dominates, so every slot is used and ties are everywhere.
    const width = 400;
    const height = 300;
    const gradient = new Uint8Array(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) gradient.set([Math.round((x * 255) / width), Math.round((y * 255) / height), 128], (y * width + x) * 3);
    }
    const file = await writeImage('gradient', { data: gradient, width, height }, 'jpeg');
    const first = await extractPalette(file);
    expect(first.length).toBe(5);
    expect(await extractPalette(file)).toEqual(first);
  });

  it('reads greyscale JPEGs', async () => {
    const file = path.join(dir, 'grey.jpg');
    await sharp({ create: { width: 320, height: 180, channels: 3, background: { r: 128, g: 128, b: 128 } } }).greyscale().jpeg().toFile(file);
    const palette = await extractPalette(file);
    expect(palette).toHaveLength(1);
    expect(deltaE(palette[0], rgbToLab(128, 128, 128))).toBeLessThan(2);
  });

  it('names the file it cannot decode: a JPEG cut off after its first bytes', async () => {
    const file = path.join(dir, 'broken.jpg');
    writeFileSync(file, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]));
    await expect(extractPalette(file)).rejects.toThrow(`${file}: cannot decode the image`);
  });
});

describe('paletteOfPixels', () => {
  it('counts exact shares on exact pixels', () => {
    const image = drawBands(64, 10, [[RED, 0.75], [BLUE, 0.25]]);
    const palette = paletteOfPixels(image.data, image.width, image.height, 3);
    expect(palette.map((c) => [c.hex, c.share])).toEqual([
      ['e61e28', 0.75],
      ['143cc8', 0.25],
    ]);
  });
});
