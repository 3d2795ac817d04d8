/**
 * The curation and export API on the production server, end to end: a
 * selection made from the seed's medium close-up query with manual changes
 * and an undo, exported as a zip downloaded over HTTP and checked with
 * Info-ZIP (unzip -t, the file list per folder, the manifest, the JPEG
 * bytes), and as a folder under the export root, polled to completion.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { E2E_DATA } from './e2e-env';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
const truth = JSON.parse(readFileSync('demo/demo-truth.json', 'utf8')) as { positive: string[]; negative: string[] };
// The server of playwright.config.ts: the demo library, exports under its data folder.
const LIBRARY = 'data/demo-library';
const EXPORT_ROOT = `${E2E_DATA}/exports`;

interface Job {
  id: string;
  state: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  etaSeconds: number | null;
  download?: string;
  folder?: string;
}

async function createSelection(request: APIRequestContext, name: string): Promise<number> {
  const created = await request.post('/api/selections', { data: { name, query: `${MCU}&_sort=frame` } });
  expect(created.status()).toBe(201);
  const selection = await created.json();
  expect(selection).toMatchObject({ name, query: MCU, included: 0, excluded: 0, undo: null });
  return selection.id;
}

async function curate(request: APIRequestContext, id: number): Promise<void> {
  const exclude = await request.post(`/api/selections/${id}/changes`, { data: { action: 'exclude', frames: [{ film: 'the_hustle_2019', frame: 20 }] } });
  expect(await exclude.json()).toMatchObject({ changed: 1, description: 'exclude 1 frame' });
  const include = await request.post(`/api/selections/${id}/changes`, { data: { action: 'include', frames: [{ film: 'the_hustle_2019', frame: 1 }] } });
  expect(await include.json()).toMatchObject({ changed: 1, selection: { included: 1, excluded: 1 } });
  const undone = await request.post(`/api/selections/${id}/undo`, { data: {} });
  expect(undone.status()).toBe(200);
  expect(await undone.json()).toMatchObject({ description: 'include 1 frame', selection: { included: 0, excluded: 1, redo: 'include 1 frame' } });
}

test('a curated selection downloads as a zip with the exact files, manifest and bytes', async ({ request }) => {
  const id = await createSelection(request, 'e2e close-ups');
  await curate(request, id);

  const detail = await (await request.get(`/api/selections/${id}`)).json();
  expect(detail).toMatchObject({ members: truth.positive.length - 1, missing: [], where: 'where prim_char_flag = 1 and p_face_size > 4 and p_face_size < 20' });
  const marks = await (await request.get(`/api/frames?film=the_hustle_2019&frame__in=1,20,21&_mark=${id}`)).json();
  expect(marks.frames.map((f: { frame: number; selection: string | null }) => [f.frame, f.selection])).toEqual([
    [1, null],
    [20, 'excluded'],
    [21, 'matched'],
  ]);

  const created = await request.post('/api/exports', { data: { selection: id, layout: 'positive-negative', target: 'zip', name: 'close-ups' } });
  expect(created.status()).toBe(201);
  const job = (await created.json()) as Job;
  expect(job).toMatchObject({ state: 'pending', filesTotal: 800, download: `/api/exports/${job.id}/download` });

  const download = await request.get(job.download!);
  expect(download.status()).toBe(200);
  expect(download.headers()['content-type']).toBe('application/zip');
  expect(download.headers()['content-disposition']).toBe('attachment; filename="close-ups.zip"');
  const dir = mkdtempSync(path.join(tmpdir(), 'stillroom-e2e-zip-'));
  try {
    const zip = path.join(dir, 'close-ups.zip');
    writeFileSync(zip, await download.body());
    expect(execFileSync('unzip', ['-t', zip]).toString()).toMatch(/No errors detected in compressed data/);
    const entries = execFileSync('unzip', ['-Z1', zip]).toString().trim().split('\n');
    const inFolder = (folder: string) => entries.filter((e) => e.startsWith(`${folder}/`)).map((e) => e.slice(folder.length + 1)).sort();
    const positive = truth.positive.filter((name) => name !== 'the_hustle_2019_frame_20.jpg');
    expect(inFolder('positive')).toEqual([...positive].sort());
    expect(inFolder('negative')).toEqual([...truth.negative, 'the_hustle_2019_frame_20.jpg'].sort());
    expect(entries.filter((e) => !e.includes('/'))).toEqual(['manifest.csv', 'metadata.jsonl', 'manifest.json']);

    const manifest = JSON.parse(execFileSync('unzip', ['-p', zip, 'manifest.json']).toString());
    expect(manifest).toMatchObject({
      selection: { id, name: 'e2e close-ups', query: MCU, changes: [{ film: 'the_hustle_2019', frame: 20, state: 'excluded' }] },
      options: { layout: 'positive-negative', selection: id, split: null },
      counts: { files: 800, bySplit: { all: { positive: 253, negative: 547 } } },
    });
    const csv = execFileSync('unzip', ['-p', zip, 'manifest.csv']).toString().trim().split('\r\n');
    expect(csv).toHaveLength(801);

    execFileSync('unzip', ['-q', zip, '-d', path.join(dir, 'out')]);
    for (const entry of entries.filter((e) => e.endsWith('.jpg'))) {
      const name = path.basename(entry);
      const film = name.replace(/_frame_\d+\.jpg$/, '');
      const original = readFileSync(path.join(LIBRARY, 'frame_per_second', film, name));
      expect(readFileSync(path.join(dir, 'out', entry)).equals(original), entry).toBe(true);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const finished = (await (await request.get(`/api/exports/${job.id}`)).json()) as Job;
  expect(finished).toMatchObject({ state: 'done', filesDone: 800, filesTotal: 800 });
  expect((await request.get(job.download!)).status()).toBe(409);
});

test('a folder export runs in the background, with progress, into the export root', async ({ request }) => {
  const created = await request.post('/api/exports', {
    data: { query: MCU, layout: 'by:p_emotion', split: { train: 0.8, test: 0.2 }, splitBy: 'film', seed: 3, target: 'folder', name: 'e2e-emotions' },
  });
  expect(created.status()).toBe(201);
  let job = (await created.json()) as Job;
  expect(job.folder).toBe('e2e-emotions');
  await expect
    .poll(async () => {
      job = (await (await request.get(`/api/exports/${job.id}`)).json()) as Job;
      return job.state;
    })
    .toBe('done');
  expect(job.filesDone).toBe(job.filesTotal);
  expect(job.bytesDone).toBe(job.bytesTotal);
  const folder = path.join(EXPORT_ROOT, 'e2e-emotions');
  expect(readdirSync(folder).sort()).toEqual(['manifest.csv', 'manifest.json', 'test', 'train']);
  const again = await request.post('/api/exports', { data: { layout: 'flat', target: 'folder', name: 'e2e-emotions' } });
  expect(again.status()).toBe(400);
  expect(await again.json()).toMatchObject({ param: 'name' });
});

test('WebDataset shards and COCO boxes through the API, with the CLI\'s names and checks', async ({ request }) => {
  const refused = await request.post('/api/exports', { data: { layout: 'by:p_emotion', crop: 'faces', target: 'webdataset' } });
  expect(refused.status()).toBe(400);
  expect(await refused.json()).toMatchObject({ param: 'layout', error: expect.stringContaining('describes the primary face only') });
  const noCrop = await request.post('/api/exports', { data: { layout: 'flat', minFace: 40, target: 'folder' } });
  expect(await noCrop.json()).toMatchObject({ param: 'minFace' });
  const noShards = await request.post('/api/exports', { data: { layout: 'flat', shardSize: 10, target: 'zip' } });
  expect(await noShards.json()).toMatchObject({ param: 'shardSize' });

  const created = await request.post('/api/exports', {
    data: { query: MCU, layout: 'by:p_emotion', split: { train: 0.8, test: 0.2 }, seed: 2, shardSize: 100, target: 'webdataset', name: 'e2e-shards' },
  });
  expect(created.status()).toBe(201);
  let job = (await created.json()) as Job;
  expect(job).toMatchObject({ target: 'webdataset', folder: 'e2e-shards' });
  await expect.poll(async () => (job = (await (await request.get(`/api/exports/${job.id}`)).json()) as Job).state).toBe('done');
  expect(job.filesDone).toBe(254);
  const folder = path.join(EXPORT_ROOT, 'e2e-shards');
  expect(readdirSync(folder).sort()).toEqual(['manifest.csv', 'manifest.json', 'test-000000.tar', 'train-000000.tar', 'train-000001.tar', 'train-000002.tar']);
  const members = execFileSync('tar', ['-tf', path.join(folder, 'train-000000.tar')]).toString().trim().split('\n');
  expect(members).toHaveLength(300);

  const coco = await request.post('/api/exports', { data: { query: MCU, layout: 'flat', coco: true, cocoCategory: 'p_emotion', resize: { width: 128, height: 128, fit: 'contain' }, target: 'folder', name: 'e2e-coco' } });
  expect(coco.status()).toBe(201);
  let cocoJob = (await coco.json()) as Job;
  await expect.poll(async () => (cocoJob = (await (await request.get(`/api/exports/${cocoJob.id}`)).json()) as Job).state).toBe('done');
  const annotations = JSON.parse(readFileSync(path.join(EXPORT_ROOT, 'e2e-coco', 'annotations.json'), 'utf8'));
  expect(annotations.images).toHaveLength(254);
  expect(annotations.images[0]).toMatchObject({ width: 128, height: 128 });
  expect(annotations.categories.map((c: { name: string }) => c.name)).toContain('face');
  expect(readdirSync(path.join(EXPORT_ROOT, 'e2e-coco'))).toContain('metadata.jsonl');
});

test('the routes refuse bad requests, naming the field', async ({ request }) => {
  const plain = await request.post('/api/selections', { headers: { 'Content-Type': 'text/plain' }, data: '{"name": "x"}' });
  expect(plain.status()).toBe(415);
  expect((await plain.json()).error).toContain('Content-Type');
  const badQuery = await request.post('/api/selections', { data: { name: 'bad', query: 'faces_found__gt=abc' } });
  expect(await badQuery.json()).toMatchObject({ param: 'query' });
  const id = await createSelection(request, 'e2e errors');
  expect((await request.post('/api/selections', { data: { name: 'e2e errors' } })).status()).toBe(409);
  const nothing = await request.post(`/api/selections/${id}/undo`, { data: {} });
  expect(nothing.status()).toBe(409);
  expect(await nothing.json()).toMatchObject({ param: 'undo' });
  const frame = await request.post(`/api/selections/${id}/changes`, { data: { action: 'include', frames: [{ film: 'the_hustle_2019', frame: -1 }] } });
  expect(await frame.json()).toMatchObject({ param: 'frames.0.frame' });
  expect((await request.get('/api/selections/999999')).status()).toBe(404);
  expect((await request.get('/api/selections/abc')).status()).toBe(400);
  const layout = await request.post('/api/exports', { data: { layout: 'by:nope', target: 'zip' } });
  expect(await layout.json()).toMatchObject({ param: 'layout' });
  expect((await request.get('/api/exports/no-such-job')).status()).toBe(404);
  expect((await request.delete(`/api/selections/${id}`)).status()).toBe(204);
});
