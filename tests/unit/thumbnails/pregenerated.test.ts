/**
 * Thumbnails made ahead of time by the palette analysis: the same cache
 * files, byte for byte, that the thumbnail route would make on demand, so
 * the route serves them as cache hits; a changed JPEG gets new ones; a
 * cleared cache is filled again without recomputing palettes.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DB, openDatabase } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';
import { frameImagePath } from '@/lib/library/files';
import { analyzeLibrary } from '@/lib/palette/analyze';
import { PREGENERATED_WIDTHS } from '@/lib/thumb-widths';
import { thumbnail, thumbnailCacheFile } from '@/lib/thumbnails';
import { addFilm, filmFrameDir, makeTempDir } from '../../helpers/library';

const FILM = 'thumbs_ahead_2003';
const FRAMES = [1, 2, 3, 4, 5, 6];

let root: string;
let cleanup: () => void;
let db: DB;
let cache: string;

const jpeg = (frame: number) => path.join(filmFrameDir(root, FILM), `${FILM}_frame_${frame}.jpg`);

async function cacheFileOf(frame: number, width: (typeof PREGENERATED_WIDTHS)[number], dir = cache): Promise<string> {
  const file = (await frameImagePath(root, FILM, frame))!;
  const info = statSync(file);
  return thumbnailCacheFile(dir, FILM, frame, width, file, info);
}

const cachedNames = () => (existsSync(path.join(cache, FILM)) ? readdirSync(path.join(cache, FILM)).sort() : []);

/** A noisy picture, so a resize that differs anywhere changes the JPEG's bytes. */
function picture(width: number, height: number, seed: number) {
  return sharp({ create: { width, height, channels: 3, background: { r: (seed * 53) % 256, g: (seed * 97) % 256, b: (seed * 31) % 256 }, noise: { type: 'gaussian', mean: 100, sigma: 40 } } });
}

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('thumbs-ahead'));
  cache = path.join(root, 'cache');
  await addFilm(root, { film: FILM, pandas: 'pandas-1.5', protocol: 4, frames: FRAMES, width: 1920, height: 800 });
  await picture(1920, 800, 1).jpeg({ quality: 90 }).toFile(jpeg(1));
  // Letterboxed 16:9, as a quarter of real frames are.
  await picture(1920, 800, 2).extend({ top: 140, bottom: 140, background: '#000' }).jpeg({ quality: 90 }).toFile(jpeg(2));
  await picture(1280, 536, 3).toColourspace('b-w').jpeg({ quality: 85 }).toFile(jpeg(3));
  await picture(200, 84, 4).jpeg().toFile(jpeg(4)); // narrower than every pre-generated width
  await picture(1920, 800, 5).jpeg({ quality: 75, chromaSubsampling: '4:4:4' }).toFile(jpeg(5));
  expect((await sharp(jpeg(3)).metadata()).channels).toBe(1);
  writeFileSync(jpeg(6), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3])); // undecodable
  db = openDatabase(path.join(root, 'db', 'test.db'));
  await ingestLibrary(db, root);
});

afterAll(() => {
  db.close();
  cleanup();
});

describe('thumbnails made by the palette analysis', () => {
  it('writes every pre-generated width of every decodable frame into the cache, and nothing else', async () => {
    const report = await analyzeLibrary(db, root, { thumbnailCache: cache });
    expect(report).toMatchObject({ computed: 5, failed: 1, thumbnails: 5 * PREGENERATED_WIDTHS.length });
    const expected = [];
    for (const frame of FRAMES.slice(0, 5)) for (const width of PREGENERATED_WIDTHS) expected.push(path.basename(await cacheFileOf(frame, width)));
    expect(cachedNames()).toEqual(expected.sort());
  });

  it('are byte for byte what the route makes, at the width it asks for', async () => {
    const fresh = path.join(root, 'fresh-cache');
    for (const frame of FRAMES.slice(0, 5)) {
      for (const width of PREGENERATED_WIDTHS) {
        const ahead = readFileSync(await cacheFileOf(frame, width));
        const onDemand = await thumbnail(root, fresh, FILM, frame, width);
        expect(onDemand?.placeholder).toBe(false);
        expect(ahead.equals(onDemand!.body)).toBe(true);
        const meta = await sharp(ahead).metadata();
        expect(meta.format).toBe('jpeg');
        expect(meta.width).toBe(frame === 4 ? 200 : width);
      }
    }
  });

  it('are served by thumbnail() from the cache, not made again', async () => {
    const file = await cacheFileOf(1, PREGENERATED_WIDTHS[0]);
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(file, past, past);
    const served = await thumbnail(root, cache, FILM, 1, PREGENERATED_WIDTHS[0]);
    expect(served!.body.equals(readFileSync(file))).toBe(true);
    expect(statSync(file).mtimeMs).toBe(past.getTime());
  });

  it('are made again, under a new cache name, when the JPEG changes', async () => {
    const before = await cacheFileOf(5, PREGENERATED_WIDTHS[1]);
    await picture(1280, 720, 9).jpeg().toFile(jpeg(5));
    const later = new Date(Date.now() + 5000);
    utimesSync(jpeg(5), later, later);
    const after = await cacheFileOf(5, PREGENERATED_WIDTHS[1]);
    expect(after).not.toBe(before);
    const report = await analyzeLibrary(db, root, { thumbnailCache: cache });
    expect(report).toMatchObject({ computed: 1, skipped: 5, thumbnails: PREGENERATED_WIDTHS.length });
    expect((await sharp(readFileSync(after)).metadata()).height).toBe(Math.round((PREGENERATED_WIDTHS[1] * 720) / 1280));
    expect(readFileSync(after).equals((await thumbnail(root, path.join(root, 'fresh-cache-2'), FILM, 5, PREGENERATED_WIDTHS[1]))!.body)).toBe(true);
  });

  it('fills a cleared cache again without recomputing a palette, and then has nothing to do', async () => {
    rmSync(cache, { recursive: true, force: true });
    const refill = await analyzeLibrary(db, root, { thumbnailCache: cache });
    expect(refill).toMatchObject({ computed: 0, failed: 0, thumbnails: 5 * PREGENERATED_WIDTHS.length });
    // One missing width is made alone.
    rmSync(await cacheFileOf(2, PREGENERATED_WIDTHS[1]));
    expect(await analyzeLibrary(db, root, { thumbnailCache: cache })).toMatchObject({ computed: 0, skipped: 5, thumbnails: 1 });
    expect(await analyzeLibrary(db, root, { thumbnailCache: cache })).toMatchObject({ computed: 0, skipped: 6, thumbnails: 0 });
    expect(cachedNames().filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes no thumbnails when asked for none', async () => {
    const none = path.join(root, 'no-cache');
    mkdirSync(none);
    rmSync(jpeg(1));
    await picture(1920, 800, 11).jpeg().toFile(jpeg(1));
    expect(await analyzeLibrary(db, root, { thumbnailCache: null })).toMatchObject({ computed: 1, thumbnails: 0 });
    expect(readdirSync(none)).toEqual([]);
    // The same frame's thumbnails are still missing from the real cache: the next run with it makes only those.
    expect(await analyzeLibrary(db, root, { thumbnailCache: cache })).toMatchObject({ computed: 0, thumbnails: PREGENERATED_WIDTHS.length });
  });
});
