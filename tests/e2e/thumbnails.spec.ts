/**
 * Thumbnails through the production server as `npm start` runs it: the
 * custom server answers them itself (lib/server/thumb-handler.ts), before
 * Next.js and proxy.ts, so these check that path end to end: headers, HEAD,
 * ETag revalidation, a re-extracted JPEG, and that other requests still
 * reach Next. The Host and traversal checks are in security.spec.ts.
 */
import { readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { DEMO_FILMS, demoTruth } from './demo-truth';

const FILM = DEMO_FILMS[1];

test('a thumbnail is an immutable JPEG with an ETag; HEAD gives its headers and a matching ETag a 304', async ({ request }) => {
  const url = `/api/frames/${FILM}/5/thumb?w=240`;
  const first = await request.get(url);
  expect(first.status()).toBe(200);
  const headers = first.headers();
  expect(headers['content-type']).toBe('image/jpeg');
  expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(headers['etag']).toMatch(/^"240-[0-9a-f]{16}"$/);
  const body = await first.body();
  expect(Number(headers['content-length'])).toBe(body.length);
  expect((await sharp(body).metadata()).width).toBe(240);

  const head = await request.head(url);
  expect(head.status()).toBe(200);
  expect((await head.body()).length).toBe(0);
  expect(head.headers()['etag']).toBe(headers['etag']);
  expect(head.headers()['content-length']).toBe(headers['content-length']);

  const revalidated = await request.get(url, { headers: { 'If-None-Match': headers['etag'] } });
  expect(revalidated.status()).toBe(304);
  expect((await revalidated.body()).length).toBe(0);

  const post = await request.post(url, { data: {} });
  expect(post.status()).toBe(405);
  expect(post.headers()['allow']).toBe('GET, HEAD');
});

test('a JPEG re-extracted after a thumbnail was served gets a fresh thumbnail', async ({ request }) => {
  const frame = 6;
  const jpeg = `data/demo-library/frame_per_second/${FILM}/${FILM}_frame_${frame}.jpg`;
  const url = `/api/frames/${FILM}/${frame}/thumb?w=160`;
  const original = readFileSync(jpeg);
  const { atime, mtime } = statSync(jpeg);
  const before = await request.get(url);
  expect(before.status()).toBe(200);
  const { width, height } = demoTruth.films[FILM];
  try {
    // The same frame size, a flat colour: what a re-extraction with other settings might give.
    writeFileSync(jpeg, await sharp({ create: { width, height, channels: 3, background: '#00ff00' } }).jpeg().toBuffer());
    const later = new Date(Date.now() + 5000);
    utimesSync(jpeg, later, later);
    const after = await request.get(url, { headers: { 'If-None-Match': before.headers()['etag'] } });
    expect(after.status()).toBe(200);
    expect(after.headers()['etag']).not.toBe(before.headers()['etag']);
    const { dominant } = await sharp(await after.body()).stats();
    expect(dominant.g).toBeGreaterThan(200);
    expect(dominant.r).toBeLessThan(60);
  } finally {
    writeFileSync(jpeg, original);
    utimesSync(jpeg, atime, mtime);
  }
  const restored = await request.get(url);
  expect((await restored.body()).equals(await before.body())).toBe(true);
});

test('everything that is not a thumbnail still reaches Next.js and its proxy', async ({ request }) => {
  expect((await request.get('/')).headers()['content-type']).toContain('text/html');
  expect((await request.get(`/api/frames/${FILM}/5`)).status()).toBe(200);
  // A trailing slash is not the thumbnail path: Next redirects it, and the redirect lands on the handler.
  const slashed = await request.get(`/api/frames/${FILM}/5/thumb/?w=160`);
  expect(slashed.status()).toBe(200);
  expect(slashed.headers()['content-type']).toBe('image/jpeg');
});
