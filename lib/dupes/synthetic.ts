/**
 * Made-up film frames with texture, for the near-duplicate tests and the
 * benchmark that chose the hash: flat colours would make every hash look
 * perfect. A scene is smooth colour blobs (a small random image enlarged),
 * shapes in the film's colours and fine detail; a shot is a window on a
 * scene, and its frames move the window by a few pixels (a camera drifting)
 * with new sensor noise each time. Copies are the same JPEG re-encoded,
 * brightened or cropped by a few pixels. Seeded: the same arguments give the
 * same pixels.
 */
import sharp from 'sharp';
import { seededRandom } from '@/lib/seeded-random';

export interface Scene {
  data: Buffer;
  width: number;
  height: number;
}

/** Room around the frame for the camera to move in. */
const MARGIN = 48;

/** A film's colours: a few hues that every scene of the film draws from (so shots of one film look alike). */
export function filmColours(seed: number): Array<[number, number, number]> {
  const next = seededRandom(seed * 7919 + 1);
  return Array.from({ length: 6 }, () => [Math.floor(next() * 256), Math.floor(next() * 256), Math.floor(next() * 256)]);
}

export async function makeScene(width: number, height: number, colours: Array<[number, number, number]>, seed: number): Promise<Scene> {
  const next = seededRandom(seed);
  const w = width + 2 * MARGIN;
  const h = height + 2 * MARGIN;
  const pick = () => colours[Math.floor(next() * colours.length)];
  const blobs = Buffer.alloc(16 * 9 * 3);
  for (let i = 0; i < 16 * 9; i++) {
    const [r, g, b] = pick();
    blobs[i * 3] = r;
    blobs[i * 3 + 1] = g;
    blobs[i * 3 + 2] = b;
  }
  const shapes: string[] = [];
  for (let i = 0; i < 24; i++) {
    const [r, g, b] = pick();
    const x = Math.floor(next() * w);
    const y = Math.floor(next() * h);
    const size = Math.floor((0.04 + next() * 0.2) * w);
    const fill = `rgb(${r},${g},${b})`;
    shapes.push(
      next() < 0.5
        ? `<rect x="${x - size / 2}" y="${y - size / 3}" width="${size}" height="${Math.floor(size * (0.3 + next()))}" fill="${fill}" opacity="0.85"/>`
        : `<ellipse cx="${x}" cy="${y}" rx="${size / 2}" ry="${Math.floor((size / 2) * (0.4 + next()))}" fill="${fill}" opacity="0.85"/>`,
    );
  }
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">${shapes.join('')}</svg>`);
  const base = await sharp(blobs, { raw: { width: 16, height: 9, channels: 3 } })
    .resize(w, h, { kernel: 'cubic', fit: 'fill' })
    .composite([{ input: svg }])
    .removeAlpha()
    .raw()
    .toBuffer();
  // Fine detail that stays with the scene (texture), unlike the sensor noise added per frame.
  for (let i = 0; i < base.length; i++) base[i] = Math.max(0, Math.min(255, base[i] + Math.floor((next() - 0.5) * 40)));
  return { data: base, width: w, height: h };
}

/** One frame of a shot on `scene`: the window moved by (dx, dy) pixels (|d| ≤ MARGIN), plus sensor noise. */
export async function shotFrame(scene: Scene, dx: number, dy: number, seed: number, quality = 88): Promise<Buffer> {
  const width = scene.width - 2 * MARGIN;
  const height = scene.height - 2 * MARGIN;
  const next = seededRandom(seed);
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((y + MARGIN + dy) * scene.width + MARGIN + dx) * 3;
    scene.data.copy(out, y * width * 3, from, from + width * 3);
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, out[i] + Math.floor((next() - 0.5) * 16)));
  return sharp(out, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

export const reencoded = (jpeg: Buffer, quality = 55) => sharp(jpeg).jpeg({ quality }).toBuffer();
export const brightened = (jpeg: Buffer, factor = 1.15) => sharp(jpeg).modulate({ brightness: factor }).jpeg({ quality: 88 }).toBuffer();

/** The frame with `px` pixels cut from every side (the copy is that much smaller). */
export async function cropped(jpeg: Buffer, px = 6): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(jpeg).metadata();
  return sharp(jpeg)
    .extract({ left: px, top: px, width: width - 2 * px, height: height - 2 * px })
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** A frame of one flat colour (a fade, a title card's background). */
export function flatFrame(width: number, height: number, rgb: [number, number, number]): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

export { MARGIN as CAMERA_MARGIN };
