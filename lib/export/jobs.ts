/**
 * Export jobs of the running server, in process memory: what the UI polls
 * for a progress bar and cancels. A folder job starts at once; a zip job
 * waits for its download, which IS the run: the zip is produced while the
 * browser reads it, so its progress is the download's.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { DB } from '@/lib/db/connection';
import { ConflictError, NotFoundError, QueryError } from '@/lib/errors';
import { resolveExportFolder } from './folder-sink';
import { parseExportRequest, type ExportRequest, type ExportTarget } from './options';
import { planExport } from './plan';
import { ExportCancelled, ExportError, runExport, type ExportProgress, type ExportSources } from './run';
import { webBodyStream } from './web-body';

export type ExportJobState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJobStatus {
  id: string;
  target: ExportTarget;
  /** pending: a zip waiting for its download; running; done; failed (see error); cancelled. */
  state: ExportJobState;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** When writing started; null while pending. */
  startedAt: string | null;
  etaSeconds: number | null;
  /** Folder and WebDataset exports: the folder, relative to the export root. */
  folder?: string;
  /** Zip exports: where to download it (once). */
  download?: string;
  error?: string;
}

interface Job {
  status: ExportJobStatus;
  request: ExportRequest;
  controller: AbortController;
  /** Absolute target folder of a folder export. */
  target: string | null;
  fileName: string;
  finishedAt: number | null;
}

export interface ExportEnvironment extends ExportSources {
  exportRoot: string;
}

/** Finished jobs are forgotten after an hour, and beyond the newest 100. */
const KEEP_FINISHED_MS = 60 * 60 * 1000;
const MAX_JOBS = 100;

// On globalThis so `next dev` reloading this module keeps the jobs that are running.
const holder = globalThis as typeof globalThis & { __stillroomExportJobs?: Map<string, Job> };
function jobs(): Map<string, Job> {
  holder.__stillroomExportJobs ??= new Map();
  return holder.__stillroomExportJobs;
}

function prune(): void {
  const all = jobs();
  const finished = [...all.values()].filter((job) => job.finishedAt !== null).sort((a, b) => a.finishedAt! - b.finishedAt!);
  for (const job of finished) {
    if (Date.now() - job.finishedAt! > KEEP_FINISHED_MS || all.size > MAX_JOBS) all.delete(job.status.id);
  }
}

function job(id: string): Job {
  const found = jobs().get(id);
  if (!found) throw new NotFoundError(`No export job ${JSON.stringify(id)}`);
  return found;
}

function defaultName(): string {
  return `export-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}`;
}

/** A download file name that needs no quoting in Content-Disposition. */
function zipFileName(name: string | undefined): string {
  const base = (name ?? defaultName()).replace(/\.zip$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return `${base || 'stillroom-export'}.zip`;
}

function onProgress(status: ExportJobStatus) {
  return (progress: ExportProgress) => {
    Object.assign(status, progress);
  };
}

/** Runs a job's export and records how it ended; never throws (the outcome is in the status). */
async function run(current: Job, env: ExportEnvironment, destination: Parameters<typeof runExport>[2]): Promise<void> {
  current.status.state = 'running';
  current.status.startedAt = new Date().toISOString();
  try {
    await runExport(env, current.request.options, destination, { signal: current.controller.signal, onProgress: onProgress(current.status) });
    current.status.state = 'done';
    current.status.etaSeconds = 0;
  } catch (error) {
    if (error instanceof ExportCancelled) {
      current.status.state = 'cancelled';
    } else {
      current.status.state = 'failed';
      // Our own errors name the film, frame or field; anything else stays in the server log.
      const known = error instanceof QueryError || error instanceof ExportError;
      current.status.error = known ? error.message : 'the export failed; the details are in the server log';
      if (!known) console.error(`[stillroom] export ${current.status.id} failed:`, error);
    }
  } finally {
    current.finishedAt = Date.now();
  }
}

/**
 * Checks a POST /api/exports body (QueryError naming the field), plans the
 * export on `db` to refuse a bad query or selection up front, and registers
 * the job; a folder export starts writing at once.
 */
export async function createExportJob(db: DB, env: ExportEnvironment, body: unknown): Promise<ExportJobStatus> {
  prune();
  const request = parseExportRequest(body);
  const plan = planExport(db, request.options);
  const id = randomUUID();
  const status: ExportJobStatus = {
    id,
    target: request.target,
    state: 'pending',
    filesDone: 0,
    filesTotal: plan.counts.files,
    bytesDone: 0,
    bytesTotal: 0,
    startedAt: null,
    etaSeconds: null,
  };
  const current: Job = { status, request, controller: new AbortController(), target: null, fileName: zipFileName(request.name), finishedAt: null };
  if (request.target === 'folder' || request.target === 'webdataset') {
    const name = request.name ?? defaultName();
    current.target = await resolveExportFolder(env.exportRoot, name, 'name');
    const busy = [...jobs().values()].find((other) => other.target === current.target && other.finishedAt === null);
    if (busy) throw new ConflictError('name', `export ${busy.status.id} is writing ${JSON.stringify(name)} right now`);
    status.folder = path.relative(path.resolve(env.exportRoot), current.target) || name;
    jobs().set(id, current);
    void run(current, env, { kind: request.target, folder: current.target });
  } else {
    status.download = `/api/exports/${id}/download`;
    jobs().set(id, current);
  }
  return { ...status };
}

export function exportJobStatus(id: string): ExportJobStatus {
  return { ...job(id).status };
}

/** Stops a running job (its partial output is removed) or drops a pending one; a finished job is left as it is. */
export function cancelExportJob(id: string): ExportJobStatus {
  const current = job(id);
  if (current.status.state === 'pending') {
    current.status.state = 'cancelled';
    current.finishedAt = Date.now();
  }
  current.controller.abort();
  return { ...current.status };
}

/**
 * Starts a pending zip job and answers its bytes as they are made. Closing
 * the download (or `signal`, the request's) cancels the job.
 */
export function downloadExportZip(id: string, env: ExportEnvironment, signal: AbortSignal): { body: ReadableStream<Uint8Array>; fileName: string } {
  const current = job(id);
  if (current.status.target !== 'zip') throw new ConflictError('id', `export ${id} writes ${current.status.target === 'webdataset' ? 'shards into ' : ''}a folder; there is nothing to download`);
  if (current.status.state !== 'pending') throw new ConflictError('id', `export ${id} is ${current.status.state}; a zip can be downloaded once`);
  const { writable, body } = webBodyStream();
  // Registered before the zip writer's own listener, so a closed download is a cancel, not a failure.
  writable.on('close', () => {
    if (current.finishedAt === null && current.status.state === 'running') current.controller.abort();
  });
  signal.addEventListener('abort', () => current.controller.abort(), { once: true });
  void run(current, env, { kind: 'zip-stream', stream: writable });
  return { body, fileName: current.fileName };
}
