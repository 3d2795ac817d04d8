/**
 * What an export killed midway leaves behind, found and removed at the next
 * start (or the next export). A job still `pending` or `running` in
 * export_jobs whose process is gone (kill -9, a crash, a power cut) is
 * marked failed, and the `<name>.partial-<random>` folder or zip it was
 * writing beside its target is removed, as is any such leftover at the top
 * of the export root that no live job is writing and nothing has touched for
 * ORPHAN_AGE_MS (a server on another database may share the export root:
 * its running export keeps its partial folder's time current).
 *
 * Only ever inside the export root (its real path, symlinks followed): a CLI
 * export writing elsewhere (--out /tmp/x) left its partial files where the
 * user pointed it, so they are named in the job's error for the user to
 * remove rather than deleted by the server.
 */
import { randomUUID } from 'node:crypto';
import { lstat, readdir, realpath, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DB } from '@/lib/db/connection';
import { insideFolder, PARTIAL_NAME } from './folder-sink';
import { finishExportJob, unfinishedExportJobs, type StoredExportJob } from './job-store';

export const ORPHAN_AGE_MS = 10 * 60 * 1000;

const holder = globalThis as typeof globalThis & { __stillroomProcessToken?: string; __stillroomRecovered?: Map<string, Promise<Recovery>> };

/** Names this process among every process that ever recorded a job (a pid can be reused). */
export function processToken(): string {
  holder.__stillroomProcessToken ??= randomUUID();
  return holder.__stillroomProcessToken;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isLive(job: StoredExportJob): boolean {
  if (job.ownerToken === processToken()) return true;
  return job.ownerPid !== process.pid && processAlive(job.ownerPid);
}

export interface Recovery {
  /** Jobs marked failed because their process is gone. */
  interrupted: string[];
  /** Partial folders and files removed (inside the export root). */
  removed: string[];
  /** Partial files of interrupted jobs outside the export root, left for the user (named in the job's error). */
  left: string[];
}

async function realOrNull(file: string): Promise<string | null> {
  try {
    return await realpath(file);
  } catch {
    return null;
  }
}

async function entries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}

/** The partial files beside `target` (`<target>.partial-<random>`), as absolute paths. */
async function partialsOf(target: string): Promise<string[]> {
  const dir = path.dirname(target);
  const base = path.basename(target);
  return (await entries(dir)).filter((name) => name.startsWith(`${base}.partial-`) && PARTIAL_NAME.test(name)).map((name) => path.join(dir, name));
}

/** Removes `file` if its folder really is inside `root` (both real paths) and it was last changed before `before` (ms); a symlink is removed, never followed. */
async function removeInside(root: string | null, file: string, before = Infinity): Promise<boolean> {
  if (root === null || !PARTIAL_NAME.test(file)) return false;
  const dir = await realOrNull(path.dirname(/*turbopackIgnore: true*/ file));
  if (dir === null || (dir !== root && !insideFolder(root, dir))) return false;
  const real = path.join(/*turbopackIgnore: true*/ dir, path.basename(file));
  try {
    if ((await lstat(real)).mtimeMs >= before) return false;
  } catch {
    return false;
  }
  await rm(real, { recursive: true, force: true });
  return true;
}

/** Marks the jobs of dead processes failed and removes what they (and unknown exports) left in the export root. */
export async function recoverExportJobs(db: DB, exportRoot: string): Promise<Recovery> {
  const root = await realOrNull(exportRoot);
  const recovery: Recovery = { interrupted: [], removed: [], left: [] };
  const unfinished = unfinishedExportJobs(db);
  const livePaths = new Set(unfinished.filter(isLive).flatMap((job) => (job.path === null ? [] : [job.path])));
  for (const job of unfinished) {
    if (isLive(job)) continue;
    const removed: string[] = [];
    const left: string[] = [];
    if (job.path !== null && !livePaths.has(job.path)) {
      for (const partial of await partialsOf(job.path)) (await removeInside(root, partial) ? removed : left).push(partial);
    }
    const who = job.origin === 'cli' ? 'the npm run export process' : 'the server';
    const message =
      job.state === 'pending'
        ? 'the server stopped before the download started; export again for a new zip'
        : `interrupted: ${who} (pid ${job.ownerPid}) stopped during the export` +
          (removed.length > 0 ? `; its partial ${removed.map((p) => path.basename(p)).join(', ')} was removed from the export root` : '') +
          (left.length > 0 ? `; it left ${left.join(', ')} outside the export root: remove it by hand` : '');
    if (finishExportJob(db, job.id, 'failed', message)) recovery.interrupted.push(job.id);
    recovery.removed.push(...removed);
    recovery.left.push(...left);
  }
  // Leftovers no job recorded (an export killed before its job row was written, or made by an older version).
  if (root !== null) {
    const liveNames = new Set([...livePaths].map((p) => path.basename(p)));
    for (const name of await entries(root)) {
      if (!PARTIAL_NAME.test(name) || liveNames.has(name.replace(PARTIAL_NAME, ''))) continue;
      const file = path.join(/*turbopackIgnore: true*/ root, name);
      if (await removeInside(root, file, Date.now() - ORPHAN_AGE_MS)) recovery.removed.push(file);
    }
  }
  return recovery;
}

/** recoverExportJobs, once per process and export root (at the first export, or the first listing). */
export function recoverExportJobsOnce(db: DB, exportRoot: string): Promise<Recovery> {
  holder.__stillroomRecovered ??= new Map();
  const key = path.resolve(exportRoot);
  let done = holder.__stillroomRecovered.get(key);
  if (!done) {
    done = recoverExportJobs(db, exportRoot);
    holder.__stillroomRecovered.set(key, done);
  }
  return done;
}
