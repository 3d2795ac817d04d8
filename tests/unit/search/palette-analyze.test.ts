/**
 * `npm run analyze` and the palette filters, on a small library whose JPEGs
 * are drawn here: resumability (unchanged JPEGs skipped, a touched one
 * redone), problems named, analysis kept across re-ingest, and the palette
 * filters checked frame by frame against the distance functions.
 */
import { unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rgbToLab } from '@/lib/color/lab';
import { type DB, openDatabase } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';
import { analyzeLibrary } from '@/lib/palette/analyze';
import { analysisStatus } from '@/lib/analysis/progress';
import { containsColours, packPalette, paletteDistancePacked } from '@/lib/palette/distance';
import type { Palette } from '@/lib/palette/extract';
import { readPalette, readPalettes } from '@/lib/palette/store';
import { QueryError } from '@/lib/errors';
import { paletteClause } from '@/lib/query/palette-filter';
import { addFilm, filmFrameDir, makeTempDir } from '../../helpers/library';

const paletteDistance = (p: Palette, q: Palette) => paletteDistancePacked(packPalette(p), 0, packPalette(q), 0);

const FILM = 'old_pandas_2001';
const FRAMES = Array.from({ length: 40 }, (_, i) => i + 1);

let root: string;
let cleanup: () => void;
let db: DB;
let thumbnailCache: string;

const jpeg = (frame: number) => path.join(filmFrameDir(root, FILM), `${FILM}_frame_${frame}.jpg`);

/** Two vertical bands whose colours and split vary with `n`, so distances between frames spread widely. */
async function drawFrame(file: string, n: number): Promise<void> {
  const width = 192;
  const height = 80;
  const split = Math.round(width * (0.55 + (n % 4) / 10));
  const left = [(n * 37) % 256, (n * 91 + 50) % 256, (n * 53 + 100) % 256];
  const right = [(n * 29 + 200) % 256, (n * 17 + 30) % 256, (n * 71 + 10) % 256];
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(x < split ? left : right, (y * width + x) * 3);
  await sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92 }).toFile(file);
}

/** Moves a file's mtime on, as an editor saving it would. */
function touch(file: string, secondsLater: number): void {
  const later = new Date(Date.now() + secondsLater * 1000);
  utimesSync(file, later, later);
}

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('palette-analyze'));
  thumbnailCache = path.join(root, 'thumb-cache');
  await addFilm(root, { film: FILM, pandas: 'pandas-1.5', protocol: 4, frames: FRAMES, width: 192, height: 80 });
  for (const frame of FRAMES) await drawFrame(jpeg(frame), frame);
  db = openDatabase(path.join(root, 'db', 'test.db'));
  const report = await ingestLibrary(db, root);
  expect(report.failed).toBe(0);
});

afterAll(() => {
  db.close();
  cleanup();
});

const analyzedAt = () => new Map((db.prepare('SELECT frame, analyzed_at FROM frame_palettes').all() as Array<{ frame: number; analyzed_at: string }>).map((r) => [r.frame, r.analyzed_at]));

describe('analyzeLibrary', () => {
  it('stops when aborted, keeping what it did, and the next run does the rest', async () => {
    const controller = new AbortController();
    const first = await analyzeLibrary(db, root, {
      thumbnailCache,
      concurrency: 2,
      batchSize: 5,
      signal: controller.signal,
      onProgress: (p) => p.done === 12 && controller.abort(),
    });
    expect(first.aborted).toBe(true);
    expect(first.computed).toBeGreaterThanOrEqual(12);
    expect(first.computed).toBeLessThan(40);
    expect(db.prepare('SELECT count(*) AS n FROM frame_palettes').get()).toEqual({ n: first.computed });

    // The app sees the run stopped part way, covering what was written.
    expect(analysisStatus(db)).toMatchObject({ state: 'stopped', total: 40, palettes: { done: first.computed, total: 40 }, etaSeconds: null });
    expect(analysisStatus(db).done).toBeLessThan(40);

    const second = await analyzeLibrary(db, root, { concurrency: 2, thumbnailCache });
    expect(second).toMatchObject({ total: 40, computed: 40 - first.computed, skipped: first.computed, failed: 0, missing: 0, aborted: false });
    expect(analysisStatus(db)).toMatchObject({ state: 'done', done: 40, total: 40, palettes: { done: 40, total: 40 }, hashes: { done: 40, total: 40 }, etaSeconds: null });
  });

  it('skips every frame whose JPEG is unchanged', async () => {
    const before = analyzedAt();
    const report = await analyzeLibrary(db, root, { thumbnailCache });
    expect(report).toMatchObject({ total: 40, computed: 0, skipped: 40, failed: 0, missing: 0, problems: [] });
    expect(analyzedAt()).toEqual(before);
  });

  it('recomputes only the frame whose JPEG changed', async () => {
    const before = analyzedAt();
    const old = readPalette(db, FILM, 7)!;
    await drawFrame(jpeg(7), 8); // frame 8's picture, in frame 7's file
    touch(jpeg(7), 5);
    const report = await analyzeLibrary(db, root, { thumbnailCache });
    expect(report).toMatchObject({ computed: 1, skipped: 39 });
    const after = analyzedAt();
    expect([...after].filter(([frame, at]) => before.get(frame) !== at).map(([frame]) => frame)).toEqual([7]);
    expect(readPalette(db, FILM, 7)).not.toEqual(old);
    expect(readPalette(db, FILM, 7)).toEqual(readPalette(db, FILM, 8));
  });

  it('reports a JPEG it cannot decode, naming film, frame and file, and keeps the others', async () => {
    writeFileSync(jpeg(9), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 1, 2, 3]));
    touch(jpeg(9), 10);
    const report = await analyzeLibrary(db, root, { thumbnailCache });
    expect(report).toMatchObject({ computed: 0, failed: 1, skipped: 39 });
    expect(report.problems).toEqual([expect.stringMatching(new RegExp(`^${FILM}: frame 9: .*${FILM}_frame_9\\.jpg: cannot decode the image`))]);
    expect(readPalette(db, FILM, 9)).toBeNull();
    // Not retried until the file changes again.
    expect(await analyzeLibrary(db, root, { thumbnailCache })).toMatchObject({ failed: 0, skipped: 40 });
    await drawFrame(jpeg(9), 9);
    touch(jpeg(9), 15);
    expect(await analyzeLibrary(db, root, { thumbnailCache })).toMatchObject({ computed: 1, failed: 0 });
    expect(readPalette(db, FILM, 9)).not.toBeNull();
  });

  it('reports a JPEG that disappeared since the ingest', async () => {
    const file = jpeg(40);
    const bytes = (await import('node:fs')).readFileSync(file);
    unlinkSync(file);
    try {
      const report = await analyzeLibrary(db, root, { thumbnailCache });
      expect(report).toMatchObject({ missing: 1, skipped: 39 });
      expect(report.problems).toEqual([`${FILM}: frame 40: JPEG not found in ${root}`]);
    } finally {
      writeFileSync(file, bytes);
    }
  });

  it('keeps palettes across a forced re-ingest: nothing to redo for unchanged JPEGs', async () => {
    const before = readPalettes(db, FRAMES.map((frame) => ({ film: FILM, frame })));
    touch(jpeg(40), 0); // restored above: its mtime changed, so it alone is redone
    await ingestLibrary(db, root, { force: true });
    const report = await analyzeLibrary(db, root, { thumbnailCache });
    expect(report).toMatchObject({ computed: 1, skipped: 39 });
    const after = readPalettes(db, FRAMES.map((frame) => ({ film: FILM, frame })));
    for (const frame of FRAMES) expect(after(FILM, frame)).toEqual(before(FILM, frame));
  });
});

describe('palette filters', () => {
  const palettes = () => new Map(FRAMES.map((frame) => [frame, readPalette(db, FILM, frame)!]));
  const run = (clause: { sql: string; params: unknown[] }) =>
    (db.prepare(`SELECT frame FROM frames WHERE ${clause.sql} ORDER BY frame`).all(...clause.params) as Array<{ frame: number }>).map((r) => r.frame);

  it('_palette matches exactly the frames containsColours accepts', () => {
    const all = palettes();
    // Wanted colours taken from the frames themselves, with tolerances just above and below their distances.
    const cases: Array<[string, number]> = [['000000', 10], ['ffffff', 30]];
    for (const frame of [1, 6, 13, 22, 35]) {
      const [first, second] = all.get(frame)!;
      for (const tolerance of [2, 9, 17, 30]) cases.push([first.hex, tolerance], [`${first.hex},${second.hex}`, tolerance]);
    }
    let partial = 0;
    for (const [hexes, tolerance] of cases) {
      const clause = paletteClause(db, new URLSearchParams({ _palette: hexes, _palette_tolerance: String(tolerance) }))!;
      const wanted = hexes.split(',').map((hex) => rgbToLab(parseInt(hex.slice(0, 2), 16), parseInt(hex.slice(2, 4), 16), parseInt(hex.slice(4), 16)));
      const expected = FRAMES.filter((frame) => containsColours(all.get(frame)!, wanted, tolerance));
      expect(run(clause), `${hexes} within ${tolerance}`).toEqual(expected);
      if (expected.length > 1 && expected.length < FRAMES.length) partial++;
    }
    expect(partial).toBeGreaterThanOrEqual(10);
  });

  it('_palette_like matches the frames within the Earth Mover\'s Distance, itself included', () => {
    const all = palettes();
    // Limits just under the 2nd, 5th and 12th nearest palettes: a little more and that frame would match.
    const cases = [3, 14, 20].flatMap((frame) => {
      const sorted = FRAMES.map((other) => paletteDistance(all.get(other)!, all.get(frame)!)).sort((a, b) => a - b);
      return [1, 4, 11].map((k) => [frame, Math.round((sorted[k] - 0.05) * 1000) / 1000] as const);
    });
    for (const [frame, tolerance] of cases) {
      const clause = paletteClause(db, new URLSearchParams({ _palette_like: `${FILM}:${frame}`, _palette_tolerance: String(tolerance) }))!;
      const reference: Palette = all.get(frame)!;
      const found = run(clause);
      expect(found).toEqual(FRAMES.filter((other) => paletteDistance(all.get(other)!, reference) <= tolerance));
      expect(found).toContain(frame);
      expect(clause.search).toMatchObject({ frames: found.length, scanned: 40 });
      expect(clause.description).toBe(`palette within ΔE ${tolerance} of ${FILM} frame ${frame}'s`);
    }
  });

  it('_palette and _palette_like together keep the frames that pass both', () => {
    const all = palettes();
    const reference = all.get(14)!;
    const query = new URLSearchParams({ _palette: reference[0].hex, _palette_like: `${FILM}:5`, _palette_tolerance: '40' });
    const clause = paletteClause(db, query)!;
    const wanted = [rgbToLab(parseInt(reference[0].hex.slice(0, 2), 16), parseInt(reference[0].hex.slice(2, 4), 16), parseInt(reference[0].hex.slice(4), 16))];
    const expected = FRAMES.filter((f) => containsColours(all.get(f)!, wanted, 40) && paletteDistance(all.get(f)!, all.get(5)!) <= 40);
    expect(run(clause)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(Math.min(run(paletteClause(db, new URLSearchParams({ _palette: reference[0].hex, _palette_tolerance: '40' }))!).length, 40));
    expect(clause.description).toBe(`palette has colours within ΔE 40 of #${reference[0].hex} and palette within ΔE 40 of ${FILM} frame 5's`);
  });

  it('_palette_like sees a palette recomputed by another connection', async () => {
    const like = () => run(paletteClause(db, new URLSearchParams({ _palette_like: `${FILM}:2`, _palette_tolerance: '0.5' }))!);
    const before = like();
    expect(before).not.toContain(11);
    const other = openDatabase(path.join(root, 'db', 'test.db'));
    try {
      await drawFrame(jpeg(11), 2);
      touch(jpeg(11), 20);
      expect(await analyzeLibrary(other, root, { thumbnailCache })).toMatchObject({ computed: 1 });
    } finally {
      other.close();
    }
    expect(like()).toEqual([...before, 11].sort((a, b) => a - b));
  });

  it('describes itself in the where sentence', () => {
    expect(paletteClause(db, new URLSearchParams('_palette=FF8800'))!.description).toBe('palette has colours within ΔE 10 of #ff8800');
    expect(paletteClause(db, new URLSearchParams('_palette=ff8800,#004466,000000&_palette_tolerance=4.5'))!.description).toBe(
      'palette has colours within ΔE 4.5 of #ff8800, #004466 and #000000',
    );
    expect(paletteClause(db, new URLSearchParams('_color=ff8800'))).toBeNull();
  });

  it('rejects bad parameters, naming them', () => {
    const error = (query: string) => {
      try {
        paletteClause(db, new URLSearchParams(query));
      } catch (e) {
        expect(e).toBeInstanceOf(QueryError);
        return [(e as QueryError).param, (e as QueryError).message];
      }
      return null;
    };
    expect(error('_palette=ff880')).toEqual(['_palette', expect.stringContaining('"ff880" is not one')]);
    expect(error('_palette=ff8800,')).toEqual(['_palette', expect.stringContaining('"" is not one')]);
    expect(error('_palette=1,2,3,4,5,6')).toEqual(['_palette', '_palette: takes 1 to 5 colours, got 6']);
    expect(error('_palette=ff8800&_palette=000000')).toEqual(['_palette', '_palette: given more than once']);
    expect(error('_palette=ff8800&_palette_tolerance=101')).toEqual(['_palette_tolerance', expect.stringContaining('from 0 to 100')]);
    expect(error('_palette=ff8800&_palette_tolerance=-1')).toEqual(['_palette_tolerance', expect.stringContaining('got "-1"')]);
    expect(error('_palette_tolerance=5')).toEqual(['_palette_tolerance', expect.stringContaining('needs _palette or _palette_like')]);
    expect(error('_palette_like=old_pandas_2001')).toEqual(['_palette_like', expect.stringContaining('<film>:<frame>')]);
    expect(error('_palette_like=Old:1')).toEqual(['_palette_like', expect.stringContaining('<film>:<frame>')]);
    expect(error('_palette_like=old_pandas_2001:01')).toEqual(['_palette_like', expect.stringContaining('<film>:<frame>')]);
    expect(error('_palette_like=old_pandas_2001:999')).toEqual(['_palette_like', expect.stringContaining('old_pandas_2001 frame 999 has no palette')]);
  });
});
