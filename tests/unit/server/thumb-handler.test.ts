/**
 * The custom server's thumbnail handler over real HTTP: a node:http server
 * wired as lib/server/http-server.ts wires it (thumbnails first, everything
 * else handed on), a small library ingested into a real SQLite file, real
 * JPEGs and sharp. The handed-on requests are answered 418 here, standing in
 * for Next.js; tests/e2e/thumbnails.spec.ts runs the same requests against
 * the production server.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '@/lib/config';
import { openDatabase, type DB } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';
import { RecentThumbnails } from '@/lib/server/recent-thumbnails';
import { createThumbHandler } from '@/lib/server/thumb-handler';
import { addFilm, filmFrameDir, makeTempDir } from '../../helpers/library';

const FILM = 'old_pandas_2001';
const FRAMES = Array.from({ length: 12 }, (_, i) => i + 1);

let root: string;
let cleanup: () => void;
let db: DB;
let server: Server;
let port: number;
const recent = new RecentThumbnails();

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function request(method: string, url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, headers: { Host: `127.0.0.1:${port}`, ...headers }, setHost: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const jpeg = (frame: number) => path.join(filmFrameDir(root, FILM), `${FILM}_frame_${frame}.jpg`);
const thumbUrl = (frame: number | string, width: number | string = 320, film = FILM) => `/api/frames/${film}/${frame}/thumb?w=${width}`;
const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8')) as { error: string; param?: string };

async function drawJpeg(file: string, width: number, height: number, colour: string): Promise<void> {
  await sharp({ create: { width, height, channels: 3, background: colour } }).jpeg({ quality: 90 }).toFile(file);
}

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('thumb-handler'));
  await addFilm(root, { film: FILM, pandas: 'pandas-1.5', protocol: 4, frames: FRAMES, width: 640, height: 360 });
  db = openDatabase(path.join(root, 'db', 'test.db'));
  expect((await ingestLibrary(db, root)).failed).toBe(0);
  // After the ingest, so the frames are in the database: one file unreadable, one gone, one leading out of the library.
  writeFileSync(jpeg(9), 'not a jpeg');
  unlinkSync(jpeg(10));
  const outside = path.join(path.dirname(root), `${path.basename(root)}-outside.jpg`);
  await drawJpeg(outside, 640, 360, '#ff0000');
  unlinkSync(jpeg(11));
  symlinkSync(outside, jpeg(11));

  const config = readConfig({ STILLROOM_LIBRARY: root, STILLROOM_DB: path.join(root, 'db', 'test.db'), STILLROOM_CACHE: path.join(root, 'cache'), HOST: '127.0.0.1' });
  const handleThumb = createThumbHandler(() => ({ config, db }), recent);
  server = http.createServer((req, res) => {
    if (handleThumb(req, res)) return;
    res.writeHead(418, { 'Content-Type': 'text/plain' });
    res.end('handed on');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  db.close();
  unlinkSync(path.join(path.dirname(root), `${path.basename(root)}-outside.jpg`));
  cleanup();
});

describe('the thumbnail handler', () => {
  it('serves a JPEG at the width asked, immutable, with an ETag; the second answer is the same bytes', async () => {
    const first = await request('GET', thumbUrl(1));
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('image/jpeg');
    expect(first.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(first.headers['content-length'])).toBe(first.body.length);
    expect(first.headers.etag).toMatch(/^"320-[0-9a-f]{16}"$/);
    expect(await sharp(first.body).metadata()).toMatchObject({ format: 'jpeg', width: 320, height: 180 });
    // The disk cache holds exactly what was served.
    const [cached] = readdirSync(path.join(root, 'cache', FILM)).filter((name) => name.startsWith('1_w320_'));
    expect(readFileSync(path.join(root, 'cache', FILM, cached)).equals(first.body)).toBe(true);

    const second = await request('GET', thumbUrl(1));
    expect(second.status).toBe(200);
    expect(second.body.equals(first.body)).toBe(true);
    expect(second.headers.etag).toBe(first.headers.etag);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await request('GET', thumbUrl(2, 160));
    const head = await request('HEAD', thumbUrl(2, 160));
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-type', 'content-length', 'cache-control', 'etag']) expect(head.headers[name], name).toBe(get.headers[name]);
  });

  it('answers 304 without a body when the ETag matches, and the full thumbnail when it does not', async () => {
    const first = await request('GET', thumbUrl(3));
    const again = await request('GET', thumbUrl(3), { 'If-None-Match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(first.headers.etag);
    const other = await request('GET', thumbUrl(3), { 'If-None-Match': '"320-0000000000000000"' });
    expect(other.status).toBe(200);
    expect(other.body.equals(first.body)).toBe(true);
  });

  it('makes a fresh thumbnail when the source JPEG changes, and never answers the old ETag with 304', async () => {
    const before = await request('GET', thumbUrl(4));
    expect((await sharp(before.body).metadata()).height).toBe(180);
    await drawJpeg(jpeg(4), 640, 480, '#00ff00');
    const later = new Date(Date.now() + 5000);
    utimesSync(jpeg(4), later, later);
    const after = await request('GET', thumbUrl(4), { 'If-None-Match': before.headers.etag! });
    expect(after.status).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(await sharp(after.body).metadata()).toMatchObject({ width: 320, height: 240 });
    const { dominant } = await sharp(after.body).stats();
    expect(dominant.g).toBeGreaterThan(200);
  });

  it.each([
    ['a film name that is not snake_case', thumbUrl(1, 320, 'Old_Pandas_2001'), 'film'],
    ['an encoded traversal as the film', thumbUrl(1, 320, '..%2f..%2fetc'), 'film'],
    ['a NUL in the film', thumbUrl(1, 320, `${FILM}%00`), 'film'],
    ['a malformed escape', thumbUrl(1, 320, '%E0%A4%A'), 'film'],
    ['a frame with a leading zero', thumbUrl('01'), 'frame'],
    ['an encoded traversal as the frame', thumbUrl('..%2f1'), 'frame'],
    ['a width off the ladder', thumbUrl(1, 333), 'w'],
    ['a width with a unit', thumbUrl(1, '320px'), 'w'],
    ['no width', `/api/frames/${FILM}/1/thumb`, 'w'],
  ])('refuses %s with a 400 naming the parameter', async (_what, url, param) => {
    const answer = await request('GET', url);
    expect(answer.status, url).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(json(answer).param).toBe(param);
  });

  it('answers 404 for a frame not in the database, a film not in it, and a JPEG gone since the ingest', async () => {
    for (const [url, message] of [
      [thumbUrl(999), 'No frame 999 in film old_pandas_2001'],
      [thumbUrl(1, 320, 'no_such_film_1999'), 'No frame 1 in film no_such_film_1999'],
      [thumbUrl(10), 'Frame 10 of film old_pandas_2001 has no image'],
    ]) {
      const answer = await request('GET', url);
      expect(answer.status, url).toBe(404);
      expect(json(answer).error).toBe(message);
    }
  });

  it('never serves a JPEG that resolves outside the library, even one that was served before', async () => {
    expect((await request('GET', thumbUrl(11))).status).toBe(404);
    // Served from inside first, then swapped for a symlink leading out: the memory cache must not keep answering.
    expect((await request('GET', thumbUrl(12))).status).toBe(200);
    unlinkSync(jpeg(12));
    symlinkSync(path.join(path.dirname(root), `${path.basename(root)}-outside.jpg`), jpeg(12));
    const after = await request('GET', thumbUrl(12));
    expect(after.status).toBe(404);
    expect(after.headers['content-type']).toBe('application/json');
  });

  it('answers an undecodable JPEG with a placeholder that is never cached', async () => {
    const answer = await request('GET', thumbUrl(9));
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers.etag).toBeUndefined();
    expect((await sharp(answer.body).metadata()).format).toBe('jpeg');
    // Repaired: the real thumbnail, not the placeholder from memory.
    await drawJpeg(jpeg(9), 640, 360, '#0000ff');
    const repaired = await request('GET', thumbUrl(9));
    expect(repaired.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await sharp(repaired.body).metadata()).width).toBe(320);
  });

  it.each(['evil.com', `localhost.evil.com:${3000}`, ':3000', '127.0.0.2', 'a b'])('refuses Host %j with a 403, before looking at anything else', async (host) => {
    for (const url of [thumbUrl(1), thumbUrl('01', 333)]) {
      const answer = await request('GET', url, { Host: host });
      expect(answer.status).toBe(403);
      expect(answer.headers['content-type']).toBe('application/json');
      expect(json(answer).error).toMatch(/Host/);
    }
  });

  it('answers other methods with 405 and Allow, changing nothing', async () => {
    const answer = await request('POST', thumbUrl(1));
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD');
  });

  it('hands every other path on untouched, near misses included', async () => {
    for (const url of [
      `/api/frames/${FILM}/1`,
      `/api/frames/${FILM}/1/image`,
      `/api/frames/${FILM}/1/thumb/`,
      `/api/frames/${FILM}/1/thumbs?w=320`,
      `/api/frames/${FILM}/1/2/thumb?w=320`,
      `//api/frames/${FILM}/1/thumb?w=320`,
      `/api/frames/${FILM}/1/thumb%3Fw=320`,
      `http://127.0.0.1/api/frames/${FILM}/1/thumb?w=320`,
    ]) {
      const answer = await request('GET', url);
      expect(answer.status, url).toBe(418);
    }
  });
});

describe('RecentThumbnails', () => {
  const identity = { dev: 1, ino: 2, size: 3, mtimeMs: 4 };

  it('evicts the least recently used past its byte bound, and never keeps a placeholder', async () => {
    const dir = path.join(root, 'recent');
    mkdirSync(dir, { recursive: true });
    const files = [1, 2, 3].map((n) => path.join(dir, `${n}.jpg`));
    for (const file of files) writeFileSync(file, 'x');
    const source = (file: string) => {
      const { dev, ino, size, mtimeMs } = statSync(file);
      return { dev, ino, size, mtimeMs };
    };
    const cache = new RecentThumbnails(250);
    const thumb = (file: string, bytes: number) => ({ body: Buffer.alloc(bytes), placeholder: false, etag: '"x"', source: source(file) });
    cache.set('a', files[0], thumb(files[0], 100));
    cache.set('b', files[1], thumb(files[1], 100));
    expect(cache.get('a')).toBeDefined(); // a is now the most recent
    cache.set('c', files[2], thumb(files[2], 100));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.get('c')).toBeDefined();
    expect(cache.size).toBe(200);

    cache.set('p', files[0], { ...thumb(files[0], 10), placeholder: true, etag: null });
    expect(cache.get('p')).toBeUndefined();
    cache.set('huge', files[0], thumb(files[0], 1000));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(200);

    // A source whose identity differs from the one recorded is not served.
    cache.set('stale', files[0], { ...thumb(files[0], 10), source: identity });
    expect(cache.get('stale')).toBeUndefined();
    expect(cache.size).toBe(200);
  });
});
