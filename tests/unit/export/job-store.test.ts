/**
 * The export job list (db/011_export_jobs.sql, lib/export/job-store.ts) and
 * what a restart does with an export whose process was killed: real
 * processes (the CLI, and a process starting an export as the server does)
 * killed with SIGKILL midway, then recovery run from this process, as the
 * next start or the next export runs it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/db/connection';
import { finishExportJob, getExportJob, insertExportJob, listExportJobs, recordExportProgress } from '@/lib/export/job-store';
import { listExports } from '@/lib/export/jobs';
import { ORPHAN_AGE_MS, processToken, recoverExportJobs } from '@/lib/export/recovery';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

let demo: DemoDatabase;
let exportRoot: string;
beforeAll(async () => {
  demo = await demoDatabase('job-store');
  exportRoot = path.join(demo.dir, 'exports');
  mkdirSync(exportRoot, { recursive: true });
});
afterAll(() => demo.cleanup());

const newJob = (extra: Partial<Parameters<typeof insertExportJob>[1]> = {}) =>
  insertExportJob(demo.db, {
    origin: 'app',
    target: 'folder',
    request: { layout: 'flat', target: 'folder', name: 'x' },
    selectionId: null,
    selectionName: null,
    path: path.join(exportRoot, 'x'),
    filesTotal: 10,
    ownerPid: process.pid,
    ownerToken: processToken(),
    state: 'running',
    ...extra,
  });

describe('the job store', () => {
  it('keeps jobs newest first across a reopen, with progress until they end and never after', async () => {
    const first = newJob();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = newJob({ target: 'zip', path: null, state: 'pending' });
    recordExportProgress(demo.db, first.id, { filesDone: 4, filesTotal: 10, bytesDone: 400, bytesTotal: 1000, etaSeconds: 3, startedAt: '2026-01-01T00:00:00.000Z' });
    expect(finishExportJob(demo.db, first.id, 'done')).toBe(true);
    expect(finishExportJob(demo.db, first.id, 'failed', 'late')).toBe(false);
    recordExportProgress(demo.db, first.id, { filesDone: 9, filesTotal: 10, bytesDone: 900, bytesTotal: 1000, etaSeconds: 1, startedAt: null });
    const reopened = openDatabase(demo.dbFile);
    try {
      const [newest, older] = listExportJobs(reopened, 2);
      expect(newest.id).toBe(second.id);
      expect(older).toMatchObject({ id: first.id, state: 'done', filesDone: 4, bytesDone: 400, etaSeconds: 0, error: null, startedAt: '2026-01-01T00:00:00.000Z', request: { layout: 'flat' } });
      expect(older.finishedAt).not.toBeNull();
    } finally {
      reopened.close();
    }
    finishExportJob(demo.db, second.id, 'cancelled');
  });

  it('lists the export root as an absolute path, and each folder job with its full path', async () => {
    const list = await listExports(demo.db, { exportRoot });
    expect(list.exportRoot).toBe(path.resolve(exportRoot));
    expect(list.jobs.find((job) => job.target === 'folder')).toMatchObject({ path: path.join(exportRoot, 'x'), folder: 'x', cancellable: false, againRefused: null });
  });
});

/** Starts `args` with node (tsx as a loader, so the pid is the exporter's own) and resolves once `ready` says so. */
function start(args: string[], ready: () => boolean): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STILLROOM_EXPORT_ROOT: exportRoot } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        resolve(child);
      }
    }, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code} before it could be killed: ${stderr}`));
    });
  });
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

const partials = (dir: string, name: string) => (existsSync(dir) ? readdirSync(dir).filter((entry) => entry.startsWith(`${name}.partial-`)) : []);
const slow = ['--layout', 'flat', '--resize', '900x600', '--format', 'png'];

describe('after a kill -9', () => {
  it('a CLI folder export is marked failed and its partial folder removed from the export root', async () => {
    const child = await start(['scripts/export.ts', demo.root, '--db', demo.dbFile, ...slow, '--out', 'killed'], () => partials(exportRoot, 'killed').length > 0);
    await kill9(child);
    const leftovers = partials(exportRoot, 'killed');
    expect(leftovers).toHaveLength(1);
    const recovery = await recoverExportJobs(demo.db, exportRoot);
    expect(recovery.removed).toEqual([path.join(exportRoot, leftovers[0])]);
    expect(partials(exportRoot, 'killed')).toEqual([]);
    expect(existsSync(path.join(exportRoot, 'killed'))).toBe(false);
    const job = getExportJob(demo.db, recovery.interrupted[0])!;
    expect(job).toMatchObject({ origin: 'cli', state: 'failed', ownerPid: child.pid, path: path.join(exportRoot, 'killed') });
    expect(job.error).toMatch(/^interrupted: the npm run export process \(pid \d+\) stopped during the export; its partial killed\.partial-[0-9a-f]{12} was removed from the export root$/);
  });

  it('a CLI zip leaves FILE.partial-<random>, removed the same way', async () => {
    const zip = path.join(exportRoot, 'killed.zip');
    const child = await start(['scripts/export.ts', demo.root, '--db', demo.dbFile, '--layout', 'flat', '--resize', '900x600', '--zip', zip], () => partials(exportRoot, 'killed.zip').length > 0);
    await kill9(child);
    expect(partials(exportRoot, 'killed.zip')).toHaveLength(1);
    const recovery = await recoverExportJobs(demo.db, exportRoot);
    expect(recovery.interrupted).toHaveLength(1);
    expect(partials(exportRoot, 'killed.zip')).toEqual([]);
    expect(existsSync(zip)).toBe(false);
  });

  it("an export the server started is failed at the next start, and its partial folder removed", async () => {
    let out = '';
    const child = await new Promise<ChildProcess>((resolve, reject) => {
      const c = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/app-export-child.ts', demo.dbFile, demo.root, exportRoot, 'app-killed'], { stdio: ['ignore', 'pipe', 'inherit'] });
      c.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('\n')) resolve(c);
      });
      c.on('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
    const id = out.trim();
    await kill9(child);
    expect(getExportJob(demo.db, id)).toMatchObject({ origin: 'app', state: 'running' });
    const recovery = await recoverExportJobs(demo.db, exportRoot);
    expect(recovery.interrupted).toEqual([id]);
    expect(getExportJob(demo.db, id)).toMatchObject({ state: 'failed', error: expect.stringMatching(/^interrupted: the server \(pid \d+\) stopped during the export; its partial app-killed\.partial-/) });
    expect(partials(exportRoot, 'app-killed')).toEqual([]);
  });

  it('leaves partial files outside the export root where they are, and names them in the error', async () => {
    const outside = path.join(demo.dir, 'outside');
    const child = await start(['scripts/export.ts', demo.root, '--db', demo.dbFile, ...slow, '--out', outside], () => partials(demo.dir, 'outside').length > 0);
    await kill9(child);
    const [leftover] = partials(demo.dir, 'outside');
    const recovery = await recoverExportJobs(demo.db, exportRoot);
    expect(recovery.left).toEqual([path.join(demo.dir, leftover)]);
    expect(partials(demo.dir, 'outside')).toEqual([leftover]);
    expect(getExportJob(demo.db, recovery.interrupted[0])!.error).toContain(`it left ${path.join(demo.dir, leftover)} outside the export root: remove it by hand`);
  });

  it("removes unrecorded leftovers at the export root's top left untouched for a while, never a live job's, nor anything not named like one", async () => {
    mkdirSync(path.join(exportRoot, 'orphan.partial-0123456789ab'));
    writeFileSync(path.join(exportRoot, 'orphan.partial-0123456789ab', 'a.jpg'), 'x');
    const old = new Date(Date.now() - ORPHAN_AGE_MS - 60_000);
    utimesSync(path.join(exportRoot, 'orphan.partial-0123456789ab'), old, old);
    // Being written by an export this database does not know (another server sharing the export root).
    mkdirSync(path.join(exportRoot, 'fresh.partial-0123456789ab'));
    writeFileSync(path.join(exportRoot, 'notes.partial-draft'), 'mine');
    newJob({ path: path.join(exportRoot, 'writing') });
    mkdirSync(path.join(exportRoot, 'writing.partial-abcdefabcdef'));
    const recovery = await recoverExportJobs(demo.db, exportRoot);
    expect(recovery.removed).toEqual([path.join(exportRoot, 'orphan.partial-0123456789ab')]);
    expect(readdirSync(exportRoot).sort()).toEqual(expect.arrayContaining(['fresh.partial-0123456789ab', 'notes.partial-draft', 'writing.partial-abcdefabcdef']));
    expect(existsSync(path.join(exportRoot, 'orphan.partial-0123456789ab'))).toBe(false);
  });
});
