import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_STAMP_FILE,
  demoFrameFile,
  demoSourceDir,
  ensureDemoLibrary,
  type FrameSize,
  pictureRect,
  readFrameSizes,
  renderDemoFrames,
} from '@/lib/demo';
import { type DataFrameTable, readDataFramePickle, toNumbers } from '@/lib/pickle';

type Box = [number, number, number, number];

interface FilmData {
  film: string;
  size: FrameSize;
  frames: number[];
  boxes: Box[][];
  prim: Float64Array;
  blank: unknown[];
  aspect: Float64Array;
  rgb: [Float64Array, Float64Array, Float64Array];
}

const values = (table: DataFrameTable, name: string) => {
  const column = table.columns.find((c) => c.name === name);
  if (!column) throw new Error(`${table.file} has no ${name}`);
  return column.values;
};

async function loadFilm(root: string, film: string, size: FrameSize): Promise<FilmData> {
  const dir = path.join(root, 'serialized_objects', film);
  const face = await readDataFramePickle(path.join(dir, 'face_df.pkl'));
  const vision = await readDataFramePickle(path.join(dir, 'vision_df.pkl'));
  expect(Array.from(toNumbers(vision.index.values, 'vision index'))).toEqual(Array.from(toNumbers(face.index.values, 'face index')));
  const num = (name: string) => toNumbers(values(vision, name), name);
  return {
    film,
    size,
    frames: Array.from(toNumbers(face.index.values, 'face index')),
    boxes: values(face, 'face_locations') as unknown as Box[][],
    prim: toNumbers(values(face, 'prim_char_flag'), 'prim_char_flag'),
    blank: values(vision, 'blank') as unknown[],
    aspect: num('aspect_ratio'),
    rgb: [num('red'), num('green'), num('blue')],
  };
}

/** Decoded RGB pixels of a frame. */
async function pixels(file: string) {
  const { data, info } = await sharp(file).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** Mean colour of the pixels in [x0,x1) x [y0,y1) for which `keep` holds. */
function meanColour(
  img: { data: Buffer; width: number },
  x0: number, y0: number, x1: number, y1: number,
  keep: (x: number, y: number) => boolean = () => true,
): [number, number, number] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (!keep(x, y)) continue;
      const i = (y * img.width + x) * 3;
      sum[0] += img.data[i];
      sum[1] += img.data[i + 1];
      sum[2] += img.data[i + 2];
      n++;
    }
  }
  if (n === 0) throw new Error('no pixels to average');
  return [sum[0] / n, sum[1] / n, sum[2] / n];
}

let tmp: string;
let root: string;
let films: FilmData[];
const progress: [number, number][] = [];

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'stillroom-demo-'));
  // an older demo copy: ours (stamped) but outdated, with a frame from a film since dropped
  const target = path.join(tmp, 'demo-library');
  await mkdir(path.join(target, 'frame_per_second', 'old_film_1999'), { recursive: true });
  await writeFile(path.join(target, 'frame_per_second', 'old_film_1999', 'old_film_1999_frame_1.jpg'), 'old');
  await writeFile(path.join(target, DEMO_STAMP_FILE), 'an older demo\n');
  root = await ensureDemoLibrary(target, { onProgress: (done, total) => progress.push([done, total]) });
  const sizes = await readFrameSizes(root);
  films = await Promise.all([...sizes].map(([film, size]) => loadFilm(root, film, size)));
});

afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('ensureDemoLibrary', () => {
  it('replaced the outdated copy with the committed films and stamped it', async () => {
    expect(root).toBe(path.join(tmp, 'demo-library'));
    expect(await readdir(path.join(root, 'frame_per_second'))).not.toContain('old_film_1999');
    expect((await readFile(path.join(root, DEMO_STAMP_FILE), 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    const committed = (await readdir(path.join(demoSourceDir(), 'serialized_objects'))).sort();
    expect(committed).toEqual(['before_sunset_2004', 'knives_out_2019', 'the_hustle_2019']);
    expect((await readdir(path.join(root, 'serialized_objects'))).sort()).toEqual(committed);
    expect(films.map((f) => f.film).sort()).toEqual(committed);
    for (const film of committed) {
      for (const name of ['face_df', 'vision_df', 'srt_df', 'subtitle_df', 'sentence_df']) {
        const copy = await readFile(path.join(root, 'serialized_objects', film, `${name}.pkl`));
        expect(copy.equals(await readFile(path.join(demoSourceDir(), 'serialized_objects', film, `${name}.pkl`)))).toBe(true);
      }
    }
  });

  it('reported progress up to every frame of the demo', () => {
    const total = films.reduce((n, f) => n + f.frames.length, 0);
    expect(progress.length).toBe(total);
    expect(progress.at(-1)).toEqual([total, total]);
  });

  it('leaves an up-to-date copy alone, and shares one preparation between concurrent calls', async () => {
    const pickle = path.join(root, 'serialized_objects', 'the_hustle_2019', 'face_df.pkl');
    const before = (await stat(pickle)).mtimeMs;
    const first = ensureDemoLibrary(root);
    expect(ensureDemoLibrary(root)).toBe(first);
    expect(await first).toBe(root);
    expect((await stat(pickle)).mtimeMs).toBe(before);
  });

  it('refuses to replace a folder that is not a demo copy', async () => {
    const foreign = path.join(tmp, 'someone-elses-library');
    await mkdir(path.join(foreign, 'serialized_objects'), { recursive: true });
    await expect(ensureDemoLibrary(foreign)).rejects.toThrow(/someone-elses-library is not empty and holds no \.stillroom-demo/);
    expect(await readdir(foreign)).toEqual(['serialized_objects']);
  });
});

describe('renderDemoFrames', () => {
  it('wrote one JPEG per face_df row, named <film>_frame_<N>.jpg, and no temporary files', async () => {
    for (const film of films) {
      const names = (await readdir(path.join(root, 'frame_per_second', film.film))).sort();
      const expected = film.frames.map((n) => path.basename(demoFrameFile(root, film.film, n))).sort();
      expect(names).toEqual(expected);
    }
  });

  it('draws every JPEG at the frame size the face sizes were computed against', async () => {
    for (const film of films) {
      for (const frame of film.frames) {
        const meta = await sharp(demoFrameFile(root, film.film, frame)).metadata();
        expect([meta.format, meta.width, meta.height], `${film.film} frame ${frame}`).toEqual(['jpeg', film.size.width, film.size.height]);
      }
    }
  });

  it("paints each picture in vision_df's mean colour, outside the face boxes", async () => {
    let checked = 0;
    for (const film of films) {
      // a faceless frame, one with a primary face, one with two or more faces
      const picks = [
        film.frames.findIndex((_, i) => !film.blank[i] && film.boxes[i].length === 0),
        film.frames.findIndex((_, i) => !film.blank[i] && film.prim[i] === 1),
        film.frames.findIndex((_, i) => !film.blank[i] && film.boxes[i].length >= 2),
      ];
      for (const i of picks) {
        expect(i, film.film).toBeGreaterThanOrEqual(0);
        const img = await pixels(demoFrameFile(root, film.film, film.frames[i]));
        const picture = pictureRect(img.width, img.height, film.aspect[i]);
        const margin = 6;
        const outsideFaces = (x: number, y: number) =>
          film.boxes[i].every(([t, r, b, l]) => x < l - margin || x >= r + margin || y < t - margin || y >= b + margin);
        const mean = meanColour(img, 0, picture.top + margin, img.width, picture.top + picture.height - margin, outsideFaces);
        const want = film.rgb.map((c) => c[i]);
        mean.forEach((c, k) => expect(Math.abs(c - want[k]), `${film.film} frame ${film.frames[i]} channel ${k}`).toBeLessThan(3));
        checked++;
      }
    }
    expect(checked).toBe(9);
  });

  it('puts black bars above and below a picture wider than its frame, and none otherwise', async () => {
    for (const film of films) {
      const i = film.frames.findIndex((_, k) => !film.blank[k]);
      const img = await pixels(demoFrameFile(root, film.film, film.frames[i]));
      const picture = pictureRect(img.width, img.height, film.aspect[i]);
      if (film.film === 'knives_out_2019') {
        expect(picture).toEqual({ top: 138, height: 803 });
        const top = meanColour(img, 0, 0, img.width, picture.top - 2);
        const bottom = meanColour(img, 0, picture.top + picture.height + 2, img.width, img.height);
        for (const c of [...top, ...bottom]) expect(c).toBeLessThan(2);
      } else {
        expect(picture).toEqual({ top: 0, height: img.height });
      }
      // the picture starts and ends on exactly those rows (JPEG bleeds a little chroma across the edge)
      for (const row of [picture.top, picture.top + picture.height - 1]) {
        const mean = meanColour(img, 0, row, 40, row + 1);
        mean.forEach((c, k) => expect(Math.abs(c - film.rgb[k][i]), `${film.film} row ${row}`).toBeLessThan(16));
      }
      for (const row of [picture.top - 1, picture.top + picture.height].filter((r) => r >= 0 && r < img.height)) {
        for (const c of meanColour(img, 0, row, 40, row + 1)) expect(c, `${film.film} bar row ${row}`).toBeLessThan(16);
      }
    }
  });

  it('draws blank frames plain black or white', async () => {
    const counts = { black: 0, white: 0 };
    for (const film of films) {
      // the first of each kind is measured; the others must be the very same bytes
      const first = new Map<unknown, Buffer>();
      for (let i = 0; i < film.frames.length; i++) {
        const kind = film.blank[i];
        if (kind !== 'black' && kind !== 'white') continue;
        const where = `${film.film} frame ${film.frames[i]}`;
        const bytes = await readFile(demoFrameFile(root, film.film, film.frames[i]));
        const seen = first.get(kind);
        if (seen) {
          expect(bytes.equals(seen), where).toBe(true);
        } else {
          first.set(kind, bytes);
          const { channels } = await sharp(bytes).stats();
          for (const c of channels.slice(0, 3)) {
            if (kind === 'black') expect(c.max, where).toBeLessThanOrEqual(2);
            else expect(c.min, where).toBeGreaterThanOrEqual(253);
          }
        }
        counts[kind]++;
      }
    }
    expect(counts.black).toBeGreaterThan(20);
    expect(counts.white).toBeGreaterThan(0);
  });

  it('draws a face inside every face box, set off from the background', async () => {
    for (const film of films) {
      const i = film.frames.findIndex((_, k) => !film.blank[k] && film.boxes[k].length >= 2);
      const img = await pixels(demoFrameFile(root, film.film, film.frames[i]));
      for (const [t, r, b, l] of film.boxes[i]) {
        // the cheeks: inside the drawn face, clear of eyes and mouth
        const h = b - t;
        const w = r - l;
        const cheek = meanColour(img, Math.round(l + w * 0.3), Math.round(t + h * 0.52), Math.round(l + w * 0.7), Math.round(t + h * 0.62));
        const difference = cheek.reduce((sum, c, k) => sum + Math.abs(c - film.rgb[k][i]), 0);
        expect(difference, `${film.film} frame ${film.frames[i]} box ${[t, r, b, l]}`).toBeGreaterThan(60);
      }
    }
  });

  it('outlines the primary face in yellow only when prim_char_flag is 1', async () => {
    for (const film of films) {
      for (const flag of [1, 0]) {
        const i = film.frames.findIndex((_, k) => !film.blank[k] && film.boxes[k].length >= 2 && film.prim[k] === flag);
        expect(i, `${film.film} prim_char_flag ${flag}`).toBeGreaterThanOrEqual(0);
        const img = await pixels(demoFrameFile(root, film.film, film.frames[i]));
        const [t, r, b, l] = film.boxes[i][0];
        // the leftmost point of the face's outline, on its middle row
        const y = Math.round((t + b) / 2);
        const x = Math.round((l + r) / 2 - ((r - l) / 2) * 0.84 + 3);
        const [red, green, blue] = meanColour(img, x - 1, y - 1, x + 2, y + 2);
        const yellow = red > 200 && green > 170 && blue < 90;
        expect(yellow, `${film.film} frame ${film.frames[i]}: rgb ${[red, green, blue].map(Math.round)}`).toBe(flag === 1);
      }
    }
  });

  it('renders nothing the second time: every JPEG is already there', async () => {
    const total = films.reduce((n, f) => n + f.frames.length, 0);
    expect(await renderDemoFrames(root)).toEqual({ rendered: 0, skipped: total });
  });

  it('names the film when frame_sizes.json lacks it', async () => {
    const broken = path.join(tmp, 'broken');
    await mkdir(path.join(broken, 'serialized_objects', 'the_hustle_2019'), { recursive: true });
    await writeFile(path.join(broken, 'frame_sizes.json'), '{}');
    await expect(renderDemoFrames(broken)).rejects.toThrow(/no frame size for film "the_hustle_2019"/);
  });
});
