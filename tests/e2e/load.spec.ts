/**
 * Load while the library changes under the server: 200 concurrent thumbnail
 * requests and a zip download while a forced re-ingest rewrites every film.
 * Every request must be answered (no 5xx, no SQLITE_BUSY reaching the user),
 * the zip must be whole, and the ingest must finish.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DATA } from './e2e-env';

const LIBRARY = 'data/demo-library';
const FILMS: Array<[string, number]> = [
  ['the_hustle_2019', 300],
  ['before_sunset_2004', 240],
  ['knives_out_2019', 260],
];

function reingest(): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', LIBRARY, '--db', `${E2E_DATA}/e2e.db`, '--force'], { stdio: 'ignore' });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

test('200 thumbnails and a zip download during a forced re-ingest are all answered', async ({ request }) => {
  test.setTimeout(180_000);
  const ingest = reingest();

  const thumbs = Array.from({ length: 200 }, (_, i) => {
    const [film, frames] = FILMS[i % FILMS.length];
    const frame = 1 + ((i * 37) % frames);
    const width = i % 2 ? 160 : 240; // half of them cold in a fresh cache
    return request.get(`/api/frames/${film}/${frame}/thumb?w=${width}`).then(async (response) => ({
      status: response.status(),
      type: response.headers()['content-type'],
      bytes: (await response.body()).length,
      url: `${film}/${frame}?w=${width}`,
    }));
  });

  const zip = (async () => {
    const started = await request.post('/api/exports', {
      data: { query: 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20', layout: 'positive-negative', target: 'zip' },
    });
    expect(started.status()).toBe(201);
    const { id } = (await started.json()) as { id: string };
    const download = await request.get(`/api/exports/${id}/download`, { timeout: 120_000 });
    return { status: download.status(), body: await download.body() };
  })();

  const answers = await Promise.all(thumbs);
  const failed = answers.filter((a) => a.status !== 200 || a.type !== 'image/jpeg' || a.bytes === 0);
  expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);

  const { status, body } = await zip;
  expect(status).toBe(200);
  const dir = mkdtempSync(path.join(tmpdir(), 'stillroom-load-'));
  try {
    const file = path.join(dir, 'set.zip');
    writeFileSync(file, body);
    expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const entries = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n');
    // Every frame of the three films, positive or negative, plus the two manifests.
    expect(entries.filter((e) => e.endsWith('.jpg'))).toHaveLength(800);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  expect(await ingest).toBe(0);
  const films = (await (await request.get('/api/films')).json()) as Array<{ film: string; frame_count: number }>;
  expect(films.map((f) => [f.film, f.frame_count]).sort()).toEqual(FILMS.map(([film, n]) => [film, n]).sort());
});
