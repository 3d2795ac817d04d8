import { expect, test } from '@playwright/test';
import sharp from 'sharp';
import { DEMO_FILMS, demoTruth } from './demo-truth';

interface FramesPage {
  total: number;
  frames: Array<{ film: string; frame: number }>;
  next: string | null;
}

test('GET /api/films lists the demo films with their frame counts', async ({ request }) => {
  const response = await request.get('/api/films');
  expect(response.status()).toBe(200);
  const films = (await response.json()) as Array<{ film: string; frame_count: number }>;
  expect(films.map((f) => [f.film, f.frame_count])).toEqual(DEMO_FILMS.map((film) => [film, demoTruth.films[film].frame_count]));
});

test("the seed's medium close-ups are exactly the frames pandas selects", async ({ request }) => {
  const expected = DEMO_FILMS.flatMap((film) => demoTruth.films[film].medium_close_up.map((frame) => `${film}/${frame}`)).sort();
  expect(expected.length).toBeGreaterThan(0);
  const got: string[] = [];
  let next: string | null = null;
  let total = -1;
  do {
    const params = new URLSearchParams({ prim_char_flag: '1', p_face_size__gt: '4', p_face_size__lt: '20', _size: '100' });
    if (next) params.set('_next', next);
    const response = await request.get(`/api/frames?${params}`);
    expect(response.status()).toBe(200);
    const page = (await response.json()) as FramesPage;
    total = page.total;
    got.push(...page.frames.map((f) => `${f.film}/${f.frame}`));
    next = page.next;
  } while (next);
  expect(total).toBe(expected.length);
  expect(got.sort()).toEqual(expected);
});

test('an unknown filter parameter is a 400 naming it', async ({ request }) => {
  const response = await request.get('/api/frames?nope=1');
  expect(response.status()).toBe(400);
  const body = (await response.json()) as { error: string; param: string };
  expect(body.param).toBe('nope');
  expect(body.error).toContain('nope');
});

test('a frame detail comes back for a known frame and 404 for an unknown one', async ({ request }) => {
  const film = DEMO_FILMS[0];
  const known = await request.get(`/api/frames/${film}/1`);
  expect(known.status()).toBe(200);
  expect(await known.json()).toMatchObject({ film, frame: 1 });

  const beyond = demoTruth.films[film].frame_count + 1;
  for (const url of [`/api/frames/${film}/${beyond}`, `/api/frames/no_such_film_1999/1`, `/api/frames/${film}/${beyond}/image`, `/api/frames/${film}/${beyond}/thumb?w=320`]) {
    const response = await request.get(url);
    expect(response.status(), url).toBe(404);
    expect(((await response.json()) as { error: string }).error, url).toMatch(/No frame/);
  }
});

test('the original image is the JPEG', async ({ request }) => {
  const film = DEMO_FILMS[0];
  const response = await request.get(`/api/frames/${film}/1/image`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/jpeg');
  const body = await response.body();
  expect(body.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
  const { width, height } = await sharp(body).metadata();
  expect([width, height]).toEqual([demoTruth.films[film].width, demoTruth.films[film].height]);
  // Revalidation with the ETag costs nothing.
  const again = await request.get(`/api/frames/${film}/1/image`, { headers: { 'If-None-Match': response.headers()['etag'] } });
  expect(again.status()).toBe(304);
});

test('path traversal on the image routes never reaches the disk', async ({ request }) => {
  const film = DEMO_FILMS[0];
  const attempts = [
    '/api/frames/..%2f..%2fetc/1/image',
    '/api/frames/..%2F..%2F..%2Fetc%2Fpasswd/1/image',
    '/api/frames/%2e%2e%2f%2e%2e%2fetc/1/image',
    '/api/frames/%2fetc%2fpasswd/1/image',
    `/api/frames/${film}%00/1/image`,
    `/api/frames/${film}/..%2f1/image`,
    `/api/frames/${film}/1%2f..%2f..%2f..%2fetc%2fpasswd/image`,
    `/api/frames/${film}/01/image`,
    `/api/frames/${film.toUpperCase()}/1/thumb?w=320`,
  ];
  for (const url of attempts) {
    const response = await request.get(url);
    expect([400, 404], `${url} -> ${response.status()}`).toContain(response.status());
    expect(response.headers()['content-type'] ?? '', url).not.toContain('image/');
    const text = await response.text();
    expect(text, url).not.toContain('root:');
  }
});

test('thumbnails are immutable JPEGs at ladder widths only', async ({ request }) => {
  const film = DEMO_FILMS[0];
  const response = await request.get(`/api/frames/${film}/2/thumb?w=320`);
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/jpeg');
  expect(response.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect((await sharp(await response.body()).metadata()).width).toBe(320);

  const bad = await request.get(`/api/frames/${film}/2/thumb?w=333`);
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { param: string }).param).toBe('w');
});

test('error responses never leak machine paths or stack traces', async ({ request }) => {
  const response = await request.get('/api/frames?_sort=nope');
  expect(response.status()).toBe(400);
  const text = await response.text();
  expect(text).not.toContain(process.cwd());
  expect(text).not.toMatch(/\bat .*\.(js|ts):\d+/);
});
