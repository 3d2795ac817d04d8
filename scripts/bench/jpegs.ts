/**
 * Real-size JPEGs for the thumbnail and export benchmarks: 1920x800 frames
 * (and 1920x1080 letterboxed ones) of 150-300 KB, like a feature film's.
 * A pool of distinct images is rendered once; frames are copies of it, so a
 * 10,000-frame film costs seconds, not minutes, to lay down.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';

const POOL_SIZE = 120;

async function renderPool(dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < POOL_SIZE; i++) {
    const file = path.join(dir, `pool_${i}.jpg`);
    files.push(file);
    if (existsSync(file)) continue;
    const letterboxed = i % 4 === 3;
    const picture = sharp({
      create: {
        width: 1920,
        height: 800,
        channels: 3,
        background: { r: (i * 37) % 200, g: (i * 59) % 200, b: (i * 83) % 200 },
        noise: { type: 'gaussian', mean: 60 + (i % 5) * 25, sigma: 10 + (i % 16) },
      },
    }).blur(1.2);
    const image = letterboxed
      ? sharp(await picture.png().toBuffer()).extend({ top: 140, bottom: 140, background: { r: 0, g: 0, b: 0 } })
      : picture;
    await image.jpeg({ quality: 90 }).toFile(file);
  }
  return files;
}

/** Gives `frames` JPEGs to a film of a bench library (frame 1..frames), copying from the pool. */
export async function giveFilmJpegs(library: string, film: string, frames: number): Promise<string> {
  const pool = await renderPool(path.resolve('data/bench/jpeg-pool'));
  const dir = path.join(library, 'frame_per_second', film);
  mkdirSync(dir, { recursive: true });
  const have = new Set(readdirSync(dir));
  for (let frame = 1; frame <= frames; frame++) {
    const name = `${film}_frame_${frame}.jpg`;
    if (!have.has(name)) copyFileSync(pool[frame % pool.length], path.join(dir, name));
  }
  return dir;
}
