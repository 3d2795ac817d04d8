/**
 * Export jobs: what POST/GET/DELETE /api/exports and the download route
 * call, and what the CLI records its own exports with. Every job is a row
 * of export_jobs (job-store.ts), so the list, the progress and how each
 * ended survive a restart; this process keeps in memory only what cannot be
 * stored: the AbortController of each job it runs, and the request of a zip
 * waiting for its download. A folder job starts at once; a zip job waits
 * for its download, which IS the run: the zip is produced while the browser
 * reads it, so its progress is the download's.
 */
import path from 'node:path';
import type { DB } from '@/lib/db/connection';
import { ConflictError, NotFoundError, QueryError } from '@/lib/errors';
import { selectionLookup } from '@/lib/query/selection-filter';
import { dryRunExport, type DryRun } from './dry-run';
import { insideFolder, resolveExportFolder } from './folder-sink';
import { finishExportJob, getExportJob, insertExportJob, listExportJobs, recordExportProgress, unfinishedExportJobs, type ExportJobOrigin, type ExportJobState, type StoredExportJob } from './job-store';
import { parseExportRequest, type ExportRequest, type ExportTarget } from './options';
import { planExport } from './plan';
import { processToken, recoverExportJobsOnce } from './recovery';
import { ExportCancelled, ExportError, runExport, type ExportDestination, type ExportHooks, type ExportResult, type ExportSources } from './run';
import { webBodyStream } from './web-body';

export type { ExportJobState };

export interface ExportJobStatus {
  id: string;
  origin: ExportJobOrigin;
  target: ExportTarget;
  /** pending: a zip waiting for its download; running; done; failed (see error); cancelled. */
  state: ExportJobState;
  createdAt: string;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  /** When writing started; null while pending. */
  startedAt: string | null;
  finishedAt: string | null;
  etaSeconds: number | null;
  /** The request as the API takes it: "export again" posts it back. */
  request: Record<string, unknown>;
  selectionName: string | null;
  /** The absolute folder (folder, WebDataset) or zip file (CLI) written; null for a zip the browser downloads. */
  path: string | null;
  /** Folder and WebDataset exports of the app: the folder, relative to the export root. */
  folder?: string;
  /** A zip export waiting for its download, in this server: where to download it (once). */
  download?: string;
  /** Whether this process runs the job and can stop it (a CLI export is stopped where it runs). */
  cancellable: boolean;
  /** Why the export cannot be made again with these options (its selection was deleted), or null. */
  againRefused: string | null;
  error?: string;
}

export interface ExportEnvironment extends ExportSources {
  exportRoot: string;
}

interface Live {
  controller: AbortController;
  request: ExportRequest;
  fileName: string;
}

// On globalThis so `next dev` reloading this module keeps the jobs that are running.
const holder = globalThis as typeof globalThis & { __stillroomExportJobs?: Map<string, Live> };
function lives(): Map<string, Live> {
  holder.__stillroomExportJobs ??= new Map();
  return holder.__stillroomExportJobs;
}

/** Jobs GET /api/exports lists. */
export const LISTED_JOBS = 50;

function defaultName(): string {
  return `export-${new Date().toISOString().slice(0, 19).replace(/:/g, '-')}`;
}

/** A download file name that needs no quoting in Content-Disposition. */
function zipFileName(name: string | undefined): string {
  const base = (name ?? defaultName()).replace(/\.zip$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return `${base || 'stillroom-export'}.zip`;
}

function againRefused(db: DB, request: Record<string, unknown>): string | null {
  const lookup = selectionLookup(db);
  for (const field of ['selection', 'negativeSelection'] as const) {
    const id = request[field];
    if (typeof id === 'number' && !lookup.selection(id)) return `its ${field === 'selection' ? 'selection' : 'negative selection'} (id ${id}) was deleted`;
  }
  return null;
}

function statusOf(db: DB, job: StoredExportJob, exportRoot: string): ExportJobStatus {
  const live = lives().get(job.id);
  const active = job.state === 'pending' || job.state === 'running';
  const status: ExportJobStatus = {
    id: job.id,
    origin: job.origin,
    target: job.target,
    state: job.state,
    createdAt: job.createdAt,
    filesDone: job.filesDone,
    filesTotal: job.filesTotal,
    bytesDone: job.bytesDone,
    bytesTotal: job.bytesTotal,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    etaSeconds: job.etaSeconds,
    request: job.request,
    selectionName: job.selectionName,
    path: job.path,
    cancellable: active && live !== undefined,
    againRefused: againRefused(db, job.request),
  };
  const root = path.resolve(exportRoot);
  if (job.path !== null && job.target !== 'zip' && insideFolder(root, job.path)) status.folder = path.relative(root, job.path);
  if (job.target === 'zip' && job.state === 'pending' && live) status.download = `/api/exports/${job.id}/download`;
  if (job.error !== null) status.error = job.error;
  return status;
}

function stored(db: DB, id: string): StoredExportJob {
  const job = getExportJob(db, id);
  if (!job) throw new NotFoundError(`No export job ${JSON.stringify(id)}`);
  return job;
}

/** Records a job of this process (before it writes anything, so a restart knows what it leaves); answers its id. */
export function recordExportJob(
  db: DB,
  job: { origin: ExportJobOrigin; request: ExportRequest; body: Record<string, unknown>; path: string | null; filesTotal: number; state: 'pending' | 'running' },
): string {
  const selectionId = job.request.options.selection;
  const row = insertExportJob(db, {
    origin: job.origin,
    target: job.request.target,
    request: job.body,
    selectionId,
    selectionName: selectionId === null ? null : (selectionLookup(db).selection(selectionId)?.name ?? null),
    path: job.path,
    filesTotal: job.filesTotal,
    ownerPid: process.pid,
    ownerToken: processToken(),
    state: job.state,
  });
  return row.id;
}

/** How a failed export is told to the user: our own errors name the film, frame or field; anything else stays in the log. */
function failureMessage(error: unknown, id: string): string {
  if (error instanceof QueryError || error instanceof ExportError) return error.message;
  console.error(`[stillroom] export ${id} failed:`, error);
  return 'the export failed; the details are in the server log';
}

/** Runs an export recorded as job `id`, writing its progress and how it ended to the job's row; rethrows what runExport throws. */
export async function runRecordedExport(
  db: DB,
  id: string,
  sources: ExportSources,
  options: ExportRequest['options'],
  destination: ExportDestination,
  hooks: ExportHooks = {},
): Promise<ExportResult> {
  try {
    const result = await runExport(sources, options, destination, {
      signal: hooks.signal,
      onProgress: (p) => {
        recordExportProgress(db, id, p);
        hooks.onProgress?.(p);
      },
    });
    finishExportJob(db, id, 'done');
    return result;
  } catch (error) {
    if (error instanceof ExportCancelled) finishExportJob(db, id, 'cancelled');
    else finishExportJob(db, id, 'failed', failureMessage(error, id));
    throw error;
  }
}

/** Runs a job of this server; never throws (the outcome is in the row). */
async function run(db: DB, id: string, live: Live, env: ExportEnvironment, destination: ExportDestination): Promise<void> {
  try {
    await runRecordedExport(db, id, env, live.request.options, destination, { signal: live.controller.signal });
  } catch {
    // recorded in the job's row
  } finally {
    lives().delete(id);
  }
}

/** The body as the API takes it, for the store (what "export again" posts back); `dryRun` left out. */
function storedBody(body: unknown): Record<string, unknown> {
  const { dryRun: _dryRun, ...rest } = body as Record<string, unknown>;
  return rest;
}

/**
 * POST /api/exports: with `dryRun`, the plan (nothing written, nothing
 * recorded); otherwise checks the body (QueryError naming the field), plans
 * the export on `db` to refuse a bad query or selection up front, and
 * records the job; a folder export starts writing at once.
 */
export async function postExport(db: DB, env: ExportEnvironment, body: unknown): Promise<{ dryRun: DryRun & { exportRoot: string } } | { job: ExportJobStatus }> {
  const request = parseExportRequest(body);
  if (request.dryRun) return { dryRun: { ...(await dryRunExport(db, env.libraryRoot, request.options)), exportRoot: path.resolve(env.exportRoot) } };
  return { job: await startExportJob(db, env, request, storedBody(body)) };
}

/** Starts an export from a POST /api/exports body (see postExport), answering its status. */
export async function createExportJob(db: DB, env: ExportEnvironment, body: unknown): Promise<ExportJobStatus> {
  return startExportJob(db, env, parseExportRequest(body), storedBody(body));
}

async function startExportJob(db: DB, env: ExportEnvironment, request: ExportRequest, body: Record<string, unknown>): Promise<ExportJobStatus> {
  await recoverExportJobsOnce(db, env.exportRoot);
  const plan = planExport(db, request.options);
  const live: Live = { controller: new AbortController(), request, fileName: zipFileName(request.name) };
  if (request.target === 'folder' || request.target === 'webdataset') {
    const name = request.name ?? defaultName();
    const folder = await resolveExportFolder(env.exportRoot, name, 'name');
    const busy = unfinishedExportJobs(db).find((job) => job.path === folder);
    if (busy) throw new ConflictError('name', `export ${busy.id} is writing ${folder} right now; choose another name, or wait for it`);
    const id = recordExportJob(db, { origin: 'app', request, body: { ...body, name }, path: folder, filesTotal: plan.counts.files, state: 'running' });
    lives().set(id, live);
    void run(db, id, live, env, { kind: request.target, folder });
    return statusOf(db, stored(db, id), env.exportRoot);
  }
  const id = recordExportJob(db, { origin: 'app', request, body, path: null, filesTotal: plan.counts.files, state: 'pending' });
  lives().set(id, live);
  return statusOf(db, stored(db, id), env.exportRoot);
}

export function exportJobStatus(db: DB, env: Pick<ExportEnvironment, 'exportRoot'>, id: string): ExportJobStatus {
  return statusOf(db, stored(db, id), env.exportRoot);
}

/** GET /api/exports: the newest jobs first, and where the server writes folder exports. */
export async function listExports(db: DB, env: Pick<ExportEnvironment, 'exportRoot'>): Promise<{ exportRoot: string; jobs: ExportJobStatus[] }> {
  await recoverExportJobsOnce(db, env.exportRoot);
  return { exportRoot: path.resolve(env.exportRoot), jobs: listExportJobs(db, LISTED_JOBS).map((job) => statusOf(db, job, env.exportRoot)) };
}

/**
 * Stops a running job of this server (its partial output is removed) or
 * drops a pending one; a finished job is left as it is. A CLI export is
 * stopped where it runs (Ctrl+C), so refusing it names that.
 */
export function cancelExportJob(db: DB, env: Pick<ExportEnvironment, 'exportRoot'>, id: string): ExportJobStatus {
  const job = stored(db, id);
  const live = lives().get(id);
  if ((job.state === 'pending' || job.state === 'running') && !live) {
    throw new ConflictError('id', `export ${id} runs in another process (${job.origin === 'cli' ? 'npm run export' : 'a server'}, pid ${job.ownerPid}); stop it there`);
  }
  if (job.state === 'pending') {
    finishExportJob(db, id, 'cancelled');
    lives().delete(id);
  }
  live?.controller.abort();
  return statusOf(db, stored(db, id), env.exportRoot);
}

/**
 * Starts a pending zip job and answers its bytes as they are made. Closing
 * the download (or `signal`, the request's) cancels the job.
 */
export function downloadExportZip(db: DB, env: ExportEnvironment, id: string, signal: AbortSignal): { body: ReadableStream<Uint8Array>; fileName: string } {
  const job = stored(db, id);
  if (job.target !== 'zip') throw new ConflictError('id', `export ${id} writes ${job.target === 'webdataset' ? 'shards into ' : ''}a folder; there is nothing to download`);
  const live = lives().get(id);
  if (job.state !== 'pending' || !live) {
    throw new ConflictError('id', `export ${id} is ${job.state}; a zip is downloaded once: export again with its options for a new one`);
  }
  const { writable, body } = webBodyStream();
  // Registered before the zip writer's own listener, so a closed download is a cancel, not a failure.
  writable.on('close', () => {
    if (lives().has(id)) live.controller.abort();
  });
  signal.addEventListener('abort', () => live.controller.abort(), { once: true });
  recordExportProgress(db, id, { filesDone: 0, filesTotal: job.filesTotal, bytesDone: 0, bytesTotal: 0, etaSeconds: null, startedAt: new Date().toISOString() });
  void run(db, id, live, env, { kind: 'zip-stream', stream: writable });
  return { body, fileName: live.fileName };
}
