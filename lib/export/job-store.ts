/**
 * The export_jobs table (db/011_export_jobs.sql): every export the app or
 * the CLI started, its options, progress and outcome, kept across restarts.
 * Named statements, prepared once per database handle; every write is one
 * statement or an immediate transaction.
 */
import { randomUUID } from 'node:crypto';
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import type { ExportTarget } from './options';

export type ExportJobState = 'pending' | 'running' | 'done' | 'failed' | 'cancelled';
export type ExportJobOrigin = 'app' | 'cli';

export interface StoredExportJob {
  id: string;
  createdAt: string;
  origin: ExportJobOrigin;
  target: ExportTarget;
  state: ExportJobState;
  /** The request, in the API's field names: what "export again" posts. */
  request: Record<string, unknown>;
  selectionId: number | null;
  selectionName: string | null;
  /** The absolute folder or zip file; null for a zip the browser downloads. */
  path: string | null;
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
  etaSeconds: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  ownerPid: number;
  ownerToken: string;
}

interface Row {
  id: string;
  created_at: string;
  origin: ExportJobOrigin;
  target: ExportTarget;
  state: ExportJobState;
  request: string;
  selection_id: number | null;
  selection_name: string | null;
  path: string | null;
  files_done: number;
  files_total: number;
  bytes_done: number;
  bytes_total: number;
  eta_seconds: number | null;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  owner_pid: number;
  owner_token: string;
}

function fromRow(row: Row): StoredExportJob {
  return {
    id: row.id,
    createdAt: row.created_at,
    origin: row.origin,
    target: row.target,
    state: row.state,
    request: JSON.parse(row.request) as Record<string, unknown>,
    selectionId: row.selection_id,
    selectionName: row.selection_name,
    path: row.path,
    filesDone: row.files_done,
    filesTotal: row.files_total,
    bytesDone: row.bytes_done,
    bytesTotal: row.bytes_total,
    etaSeconds: row.eta_seconds,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
    ownerPid: row.owner_pid,
    ownerToken: row.owner_token,
  };
}

const statements = preparedFor((db: DB) => ({
  insert: db.prepare(
    `INSERT INTO export_jobs (id, created_at, origin, target, state, request, selection_id, selection_name, path, files_total, owner_pid, owner_token)
     VALUES (@id, @createdAt, @origin, @target, @state, @request, @selectionId, @selectionName, @path, @filesTotal, @ownerPid, @ownerToken)`,
  ),
  progress: db.prepare(
    `UPDATE export_jobs SET state = @state, files_done = @filesDone, files_total = @filesTotal, bytes_done = @bytesDone, bytes_total = @bytesTotal,
       eta_seconds = @etaSeconds, started_at = coalesce(started_at, @startedAt) WHERE id = @id AND state IN ('pending', 'running')`,
  ),
  finish: db.prepare(
    `UPDATE export_jobs SET state = @state, error = @error, finished_at = @finishedAt, eta_seconds = CASE WHEN @state = 'done' THEN 0 ELSE NULL END
     WHERE id = @id AND state IN ('pending', 'running')`,
  ),
  get: db.prepare<[string], Row>('SELECT * FROM export_jobs WHERE id = ?'),
  list: db.prepare<[number], Row>('SELECT * FROM export_jobs ORDER BY created_at DESC, id DESC LIMIT ?'),
  unfinished: db.prepare<[], Row>("SELECT * FROM export_jobs WHERE state IN ('pending', 'running') ORDER BY created_at"),
}));

export interface NewExportJob {
  origin: ExportJobOrigin;
  target: ExportTarget;
  request: Record<string, unknown>;
  selectionId: number | null;
  selectionName: string | null;
  path: string | null;
  filesTotal: number;
  ownerPid: number;
  ownerToken: string;
  /** A zip waits for its download: pending; anything else starts at once. */
  state: 'pending' | 'running';
}

export function insertExportJob(db: DB, job: NewExportJob): StoredExportJob {
  const id = randomUUID();
  statements(db).insert.run({ ...job, id, createdAt: new Date().toISOString(), request: JSON.stringify(job.request) });
  return getExportJob(db, id)!;
}

export type JobProgress = Pick<StoredExportJob, 'filesDone' | 'filesTotal' | 'bytesDone' | 'bytesTotal' | 'etaSeconds' | 'startedAt'>;

/** Records progress of a job still pending or running (a finished job is never changed back). */
export function recordExportProgress(db: DB, id: string, progress: JobProgress): void {
  statements(db).progress.run({ id, state: 'running', ...progress });
}

/** Records how a pending or running job ended; false when it had ended already. */
export function finishExportJob(db: DB, id: string, state: 'done' | 'failed' | 'cancelled', error: string | null = null): boolean {
  return statements(db).finish.run({ id, state, error, finishedAt: new Date().toISOString() }).changes === 1;
}

export function getExportJob(db: DB, id: string): StoredExportJob | null {
  const row = statements(db).get.get(id);
  return row ? fromRow(row) : null;
}

/** The newest `limit` jobs, newest first. */
export function listExportJobs(db: DB, limit: number): StoredExportJob[] {
  return statements(db).list.all(limit).map(fromRow);
}

export function unfinishedExportJobs(db: DB): StoredExportJob[] {
  return statements(db).unfinished.all().map(fromRow);
}
