'use client';

import { useState } from 'react';
import type { ExportJobStatus } from '@/lib/export/jobs';
import { Dialog } from '../Dialog';
import { asApiError, sendJson, type ApiError } from '../fetch-json';
import { CopyPath, JobProgress } from './JobProgress';
import { announceExportsChanged, type ExportList } from './use-exports';
import { isActive, startExport } from './use-export-job';

interface Props {
  list: ExportList;
  onClose: () => void;
}

/** The options of a job, posted again: a folder export goes to a new folder (the old one is kept), so its name is left to the server. */
function againBody(job: ExportJobStatus): Record<string, unknown> {
  const { name: _name, ...rest } = job.request;
  return job.target === 'zip' ? job.request : rest;
}

function what(job: ExportJobStatus): string {
  const frames = job.selectionName ? `“${job.selectionName}”` : typeof job.request.query === 'string' && job.request.query ? job.request.query : 'every frame';
  const layout = String(job.request.layout ?? '');
  const target = job.target === 'zip' ? 'zip' : job.target === 'webdataset' ? 'WebDataset shards' : 'folder';
  return `${frames}, ${layout}, ${target}${job.origin === 'cli' ? ' (npm run export)' : ''}`;
}

/**
 * Every export the server knows, newest first: progress and time left,
 * Cancel, the folder's full path with a copy button, and the same options
 * again (for a zip, a new download).
 */
export function ExportsPanel({ list, onClose }: Props) {
  const [error, setError] = useState<{ id: string; error: ApiError } | null>(null);
  const act = (job: ExportJobStatus, action: () => Promise<unknown>) => {
    setError(null);
    action().then(announceExportsChanged, (failure: unknown) => setError({ id: job.id, error: asApiError(failure) }));
  };
  return (
    <Dialog label="Exports" onClose={onClose} className="exports-panel">
      <header className="dialog-head">
        <h2>Exports</h2>
        <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)" data-autofocus>
          Close
        </button>
      </header>
      {list.exportRoot && (
        <p className="muted">
          Folder exports are written under <CopyPath path={list.exportRoot} testId="export-root" />
        </p>
      )}
      {list.error && (
        <p className="field-error" role="alert">
          {list.error.message}
        </p>
      )}
      {list.jobs?.length === 0 && <p className="muted">No exports yet.</p>}
      <ol className="exports-list">
        {list.jobs?.map((job) => (
          <li key={job.id} className="export-progress export-job" data-testid="export-job" data-state={job.state}>
            <p className="export-job-head">
              <span>{what(job)}</span>
              <time className="muted" dateTime={job.createdAt}>
                {new Date(job.createdAt).toLocaleString()}
              </time>
            </p>
            <JobProgress job={job} />
            <div className="dialog-actions">
              {job.cancellable && isActive(job) && (
                <button type="button" className="danger" onClick={() => act(job, () => sendJson(`/api/exports/${job.id}`, 'DELETE'))}>
                  Cancel export
                </button>
              )}
              {!isActive(job) && job.againRefused === null && (
                <button type="button" className="ghost" onClick={() => act(job, () => startExport(againBody(job)))}>
                  {job.target === 'zip' ? 'Download again' : 'Export again with these options'}
                </button>
              )}
              {job.againRefused && <span className="muted">Cannot be made again: {job.againRefused}.</span>}
            </div>
            {error?.id === job.id && (
              <p className="field-error" role="alert">
                {error.error.param && <code>{error.error.param}</code>} {error.error.message}
              </p>
            )}
          </li>
        ))}
      </ol>
    </Dialog>
  );
}
