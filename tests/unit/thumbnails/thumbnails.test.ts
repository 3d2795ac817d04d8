import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { QueryError } from '@/lib/errors';
import { parseThumbWidth, sameSource, thumbnail, THUMB_WIDTHS } from '@/lib/thumbnails';

const FILM = 'test_film_2020';
let base: string;
let root: string;
let cacheDir: string;
let fullJpeg: Buffer;

function framePath(frame: number): string {
  return path.join(root, 'frame_per_second', FILM, `${FILM}_frame_${frame}.jpg`);
}

function cachedFiles(): string[] {
  const dir = path.join(cacheDir, FILM);
  try {
    return readdirSync(dir).map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

beforeAll(async () => {
  base = mkdtempSync(path.join(tmpdir(), 'stillroom-thumbs-'));
  root = path.join(base, 'library');
  cacheDir = path.join(base, 'cache');
  mkdirSync(path.join(root, 'frame_per_second', FILM), { recursive: true });
  fullJpeg = await sharp({ create: { width: 1920, height: 800, channels: 3, background: '#336699' } })
    .jpeg({ quality: 90 })
    .toBuffer();
  const small = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#993366' } })
    .jpeg()
    .toBuffer();
  writeFileSync(framePath(1), fullJpeg);
  writeFileSync(framePath(2), fullJpeg);
  writeFileSync(framePath(3), small);
  writeFileSync(framePath(4), fullJpeg.subarray(0, 200)); // header only: undecodable
  writeFileSync(framePath(5), 'not a jpeg at all');
  writeFileSync(framePath(6), fullJpeg);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('parseThumbWidth', () => {
  it.each(THUMB_WIDTHS.map((w) => [w]))('accepts %i', (width) => {
    expect(parseThumbWidth(String(width))).toBe(width);
  });

  it.each([null, '', '100', '0', '-320', '320.0', '0320', '320px', '1e3', '99999999'])('rejects %j naming w', (raw) => {
    let caught: unknown;
    try {
      parseThumbWidth(raw);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(QueryError);
    expect((caught as QueryError).param).toBe('w');
    expect((caught as QueryError).message).toContain('160, 240, 320');
  });
});

describe('thumbnail', () => {
  it('resizes to the requested width, keeping the aspect ratio', async () => {
    const thumb = await thumbnail(root, cacheDir, FILM, 1, 320);
    expect(thumb?.placeholder).toBe(false);
    const meta = await sharp(thumb!.body).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.width).toBe(320);
    expect(meta.height).toBe(133);
  });

  it('never enlarges a small frame', async () => {
    const thumb = await thumbnail(root, cacheDir, FILM, 3, 640);
    expect((await sharp(thumb!.body).metadata()).width).toBe(200);
  });

  it('serves a cache hit from disk without encoding again', async () => {
    const first = await thumbnail(root, cacheDir, FILM, 2, 240);
    const [file] = cachedFiles().filter((f) => path.basename(f).startsWith('2_w240_'));
    expect(file).toBeDefined();
    // Backdate the cached file: a re-encode would rename a new file over it with a fresh mtime.
    const past = new Date('2001-01-01T00:00:00Z');
    utimesSync(file, past, past);
    const second = await thumbnail(root, cacheDir, FILM, 2, 240);
    expect(second!.body.equals(first!.body)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(past.getTime());
    expect(cachedFiles().filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('makes a new thumbnail, with a new ETag and source identity, when the source file changes', async () => {
    const before = await thumbnail(root, cacheDir, FILM, 6, 160);
    expect(before?.etag).toMatch(/^"160-[0-9a-f]{16}"$/);
    expect((await thumbnail(root, cacheDir, FILM, 6, 160))?.etag).toBe(before?.etag);
    expect((await thumbnail(root, cacheDir, FILM, 6, 240))?.etag).not.toBe(before?.etag);
    const small = await sharp({ create: { width: 100, height: 50, channels: 3, background: '#000' } }).jpeg().toBuffer();
    writeFileSync(framePath(6), small);
    const later = new Date(Date.now() + 5000);
    utimesSync(framePath(6), later, later);
    const thumb = await thumbnail(root, cacheDir, FILM, 6, 160);
    expect((await sharp(thumb!.body).metadata()).width).toBe(100);
    expect(cachedFiles().filter((f) => path.basename(f).startsWith('6_w160_'))).toHaveLength(2);
    expect(thumb?.etag).not.toBe(before?.etag);
    expect(sameSource(thumb!.source, before!.source)).toBe(false);
    expect(thumb?.source).toMatchObject({ size: small.length, mtimeMs: statSync(framePath(6)).mtimeMs });
  });

  it('coalesces concurrent requests for the same thumbnail into one encode', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, () => thumbnail(root, cacheDir, FILM, 1, 960)));
    // One encode, one Buffer: every caller got the result of the same job.
    for (const result of results) expect(result!.body).toBe(results[0]!.body);
    expect(cachedFiles().filter((f) => path.basename(f).startsWith('1_w960_'))).toHaveLength(1);
  });

  it.each([
    ['a JPEG cut off in its header', 4],
    ['a file that is not a JPEG', 5],
  ])('gives a placeholder and logs the film and frame for %s', async (_what, frame) => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const thumb = await thumbnail(root, cacheDir, FILM, frame, 320);
    expect(thumb?.placeholder).toBe(true);
    expect(thumb?.etag).toBeNull();
    expect((await sharp(thumb!.body).metadata()).format).toBe('jpeg');
    expect(String(error.mock.calls[0]?.[0])).toContain(`${FILM} frame ${frame}`);
    error.mockRestore();
    // Placeholders are not cached: a repaired file gets its real thumbnail.
    expect(cachedFiles().filter((f) => path.basename(f).startsWith(`${frame}_w`))).toEqual([]);
  });

  it('returns null for a frame without a JPEG', async () => {
    expect(await thumbnail(root, cacheDir, FILM, 77, 320)).toBeNull();
  });

  it('rejects a width off the ladder before touching the disk', async () => {
    await expect(thumbnail(root, cacheDir, FILM, 1, 300)).rejects.toThrow(QueryError);
    await expect(thumbnail(root, cacheDir, FILM, 1, 300)).rejects.toThrow(/^w: /);
  });
});
