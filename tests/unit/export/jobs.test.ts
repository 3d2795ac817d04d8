/**
 * The server's export jobs (what POST/GET/DELETE /api/exports and the
 * download route call): a folder job runs to done, a zip job runs while its
 * download is read, a cancelled job leaves nothing, bad bodies name the field.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelExportJob, createExportJob, downloadExportZip, exportJobStatus, type ExportEnvironment, type ExportJobStatus } from '@/lib/export/jobs';
import { ConflictError, NotFoundError, QueryError } from '@/lib/errors';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';

let demo: DemoDatabase;
let env: ExportEnvironment;
beforeAll(async () => {
  demo = await demoDatabase('jobs');
  env = { dbFile: demo.dbFile, libraryRoot: demo.root, exportRoot: path.join(demo.dir, 'exports') };
});
afterAll(() => demo.cleanup());

async function settled(id: string): Promise<ExportJobStatus> {
  for (;;) {
    const status = exportJobStatus(demo.db, env, id);
    if (status.state !== 'running' && status.state !== 'pending') return status;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('export jobs', () => {
  it('runs a folder export to done, with its progress', async () => {
    const started = await createExportJob(demo.db, env, { query: MCU, layout: 'positive-negative', target: 'folder', name: 'mcu' });
    expect(started).toMatchObject({ target: 'folder', filesTotal: 800, folder: 'mcu' });
    const done = await settled(started.id);
    expect(done).toMatchObject({ state: 'done', filesDone: 800, filesTotal: 800, etaSeconds: 0, folder: 'mcu' });
    expect(done.bytesDone).toBe(done.bytesTotal);
    expect(done.bytesTotal).toBeGreaterThan(10e6);
    expect(new Date(done.startedAt!).getTime()).toBeLessThanOrEqual(Date.now());
    expect(readdirSync(path.join(env.exportRoot, 'mcu')).sort()).toEqual(['manifest.csv', 'manifest.json', 'metadata.jsonl', 'negative', 'positive']);
  });

  it('runs a WebDataset export of face crops into a new folder, counting crops as its files', async () => {
    const started = await createExportJob(demo.db, env, { query: 'frame__lte=40', layout: 'by:faces_found', crop: 'faces', shardSize: 40, target: 'webdataset', name: 'face-shards' });
    expect(started).toMatchObject({ target: 'webdataset', folder: 'face-shards' });
    const done = await settled(started.id);
    const faces = (demo.db.prepare('SELECT count(*) AS n FROM faces WHERE frame <= 40').get() as { n: number }).n;
    expect(done).toMatchObject({ state: 'done', filesDone: faces, filesTotal: faces });
    expect(done.bytesDone).toBe(done.bytesTotal);
    expect(readdirSync(path.join(env.exportRoot, 'face-shards')).filter((name) => name.endsWith('.tar'))).toHaveLength(Math.ceil(faces / 40));
    expect(() => downloadExportZip(demo.db, env, started.id, new AbortController().signal)).toThrow(/writes shards into a folder/);
  });

  it('makes a zip while its download is read, once', async () => {
    const job = await createExportJob(demo.db, env, { query: 'faces_found=3', layout: 'flat', target: 'zip', name: 'three faces' });
    expect(job).toMatchObject({ state: 'pending', download: `/api/exports/${job.id}/download`, startedAt: null });
    const { body, fileName } = downloadExportZip(demo.db, env, job.id, new AbortController().signal);
    expect(fileName).toBe('three_faces.zip');
    const bytes = Buffer.from(await new Response(body).arrayBuffer());
    const file = path.join(demo.dir, fileName);
    writeFileSync(file, bytes);
    expect(execFileSync('unzip', ['-t', file]).toString()).toMatch(/No errors detected/);
    expect(await settled(job.id)).toMatchObject({ state: 'done', filesDone: job.filesTotal });
    expect(() => downloadExportZip(demo.db, env, job.id, new AbortController().signal)).toThrow(ConflictError);
  });

  it('a download closed early cancels the job', async () => {
    const job = await createExportJob(demo.db, env, { layout: 'flat', target: 'zip' });
    const { body } = downloadExportZip(demo.db, env, job.id, new AbortController().signal);
    const reader = body.getReader();
    await reader.read();
    await reader.cancel();
    expect(await settled(job.id)).toMatchObject({ state: 'cancelled' });
  });

  it('cancel stops a folder export and removes what it wrote', async () => {
    const job = await createExportJob(demo.db, env, { layout: 'flat', target: 'folder', name: 'stopped' });
    cancelExportJob(demo.db, env, job.id);
    expect(await settled(job.id)).toMatchObject({ state: 'cancelled' });
    expect(existsSync(path.join(env.exportRoot, 'stopped'))).toBe(false);
    expect(readdirSync(env.exportRoot).filter((name) => name.startsWith('stopped'))).toEqual([]);
    const pending = await createExportJob(demo.db, env, { layout: 'flat', target: 'zip' });
    expect(cancelExportJob(demo.db, env, pending.id).state).toBe('cancelled');
  });

  it.each([
    [{ layout: 'flat' }, 'target'],
    [{ layout: 'by:nope', target: 'zip' }, 'layout'],
    [{ layout: 'flat', target: 'zip', query: 'nope=1' }, 'query'],
    [{ layout: 'flat', target: 'zip', selection: 424242 }, 'selection'],
    [{ layout: 'flat', target: 'folder', name: '../up' }, 'name'],
    [{ layout: 'flat', target: 'folder', name: 'mcu' }, 'name'],
    [{ layout: 'flat', target: 'zip', colour: 'red' }, 'body'],
  ])('refuses %j naming %s', async (body, param) => {
    const error = await rejection(createExportJob(demo.db, env, body));
    expect(error).toBeInstanceOf(QueryError);
    expect((error as QueryError).param).toBe(param);
  });

  it('an unknown job is not found', () => {
    expect(() => exportJobStatus(demo.db, env, 'nope')).toThrow(NotFoundError);
    expect(() => cancelExportJob(demo.db, env, 'nope')).toThrow(NotFoundError);
  });
});
