/**
 * The demo library (real pickles, real ingest) on a private copy, with some
 * of its JPEGs replaced by textured frames (lib/dupes/synthetic.ts), then
 * analysed: shots whose frames move the camera a little, another shot of the
 * same film, copies of one frame in another film (re-encoded, brightened,
 * cropped), and two flat frames of different colours.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeLibrary } from '@/lib/palette/analyze';
import { brightened, cropped, filmColours, flatFrame, makeScene, reencoded, shotFrame } from '@/lib/dupes/synthetic';
import { demoDatabase, type DemoDatabase } from './demo-db';
import { filmFrameDir } from './library';

const W = 480;
const H = 270;

export const TEXTURED = {
  /** before_sunset_2004 shot 1: one scene, the camera drifting 2-3 px a frame. */
  shotA: { film: 'before_sunset_2004', frames: [4, 5, 6, 7, 8, 9, 10, 11] },
  /** before_sunset_2004 shot 20: another scene in the same film's colours. */
  shotB: { film: 'before_sunset_2004', frames: [86, 87, 88, 89, 90, 91, 92] },
  /** knives_out_2019 frames 4, 5, 6: shot A's frame 4 re-encoded at quality 55, brightened 15 %, cropped by 5 px. */
  copies: { film: 'knives_out_2019', frames: [4, 5, 6] },
  /** knives_out_2019 frames 7-11: a third scene. */
  shotC: { film: 'knives_out_2019', frames: [7, 8, 9, 10, 11] },
  /** the_hustle_2019 frames 283 (flat red) and 284 (flat blue). */
  flat: { film: 'the_hustle_2019', red: 283, blue: 284 },
};

export async function texturedDemo(prefix: string): Promise<DemoDatabase> {
  const demo = await demoDatabase(prefix, { copyLibrary: true });
  const file = (film: string, frame: number) => path.join(filmFrameDir(demo.root, film), `${film}_frame_${frame}.jpg`);
  const shoot = async (film: string, frames: number[], sceneSeed: number, filmSeed: number) => {
    const scene = await makeScene(W, H, filmColours(filmSeed), sceneSeed);
    const jpegs: Buffer[] = [];
    for (const [i, frame] of frames.entries()) {
      const jpeg = await shotFrame(scene, 2 * i, i + (i % 2), sceneSeed * 100 + i);
      writeFileSync(file(film, frame), jpeg);
      jpegs.push(jpeg);
    }
    return jpegs;
  };
  const [original] = await shoot(TEXTURED.shotA.film, TEXTURED.shotA.frames, 11, 1);
  await shoot(TEXTURED.shotB.film, TEXTURED.shotB.frames, 12, 1);
  await shoot(TEXTURED.shotC.film, TEXTURED.shotC.frames, 13, 2);
  const [re, bright, crop] = TEXTURED.copies.frames;
  writeFileSync(file(TEXTURED.copies.film, re), await reencoded(original, 55));
  writeFileSync(file(TEXTURED.copies.film, bright), await brightened(original, 1.15));
  writeFileSync(file(TEXTURED.copies.film, crop), await cropped(original, 5));
  writeFileSync(file(TEXTURED.flat.film, TEXTURED.flat.red), await flatFrame(W, H, [200, 30, 30]));
  writeFileSync(file(TEXTURED.flat.film, TEXTURED.flat.blue), await flatFrame(W, H, [30, 40, 200]));
  const report = await analyzeLibrary(demo.db, demo.root, { thumbnailCache: null });
  if (report.failed > 0 || report.missing > 0) throw new Error(`analysis of the textured demo failed: ${report.problems.join('; ')}`);
  return demo;
}
