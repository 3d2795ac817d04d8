'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ExportJobStatus } from '@/lib/export/jobs';
import { asApiError, fetchJson, isAbort, sendJson, type ApiError } from '../fetch-json';

const POLL_MS = 300;

export interface ExportJob {
  job: ExportJobStatus | null;
  /** Why the export could not start (a 400 names the field) or its progress could not be read. */
  error: ApiError | null;
  start: (body: Record<string, unknown>) => Promise<ExportJobStatus | null>;
  /** Shows a job started earlier (reopening the dialog during an export). */
  adopt: (job: ExportJobStatus) => void;
  cancel: () => Promise<void>;
  reset: () => void;
}

/** Starts the zip's download: the browser saves it while the server makes it. */
export function download(href: string): void {
  const link = document.createElement('a');
  link.href = href;
  link.download = '';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
}

export const isActive = (job: ExportJobStatus | null): boolean => job !== null && (job.state === 'pending' || job.state === 'running');

/**
 * POST /api/exports with these options, and for a zip its download at once
 * (it is the export): the one way the dialog and the Exports panel start one.
 */
export async function startExport(body: Record<string, unknown>): Promise<ExportJobStatus> {
  const created = await sendJson<ExportJobStatus>('/api/exports', 'POST', body);
  if (created.target === 'zip' && created.download) download(created.download);
  return created;
}

/**
 * One export at a time from the dialog: POST /api/exports, then GET its
 * status every 300 ms for the progress bar until it is done, failed or
 * cancelled.
 */
export function useExportJob(onChange: () => void): ExportJob {
  const [job, setJob] = useState<ExportJobStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const start = useCallback(
    async (body: Record<string, unknown>) => {
      setError(null);
      try {
        const created = await startExport(body);
        setJob(created);
        onChange();
        return created;
      } catch (failure) {
        setError(asApiError(failure));
        return null;
      }
    },
    [onChange],
  );

  const id = job?.id;
  const active = isActive(job);
  useEffect(() => {
    if (!id || !active) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      fetchJson<ExportJobStatus>(`/api/exports/${id}`, controller.signal).then(setJob, (failure: unknown) => {
        if (!isAbort(failure)) setError(asApiError(failure));
      });
    }, POLL_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [id, active, job]);

  const cancel = useCallback(async () => {
    if (!id) return;
    try {
      setJob(await sendJson<ExportJobStatus>(`/api/exports/${id}`, 'DELETE'));
      onChange();
    } catch (failure) {
      setError(asApiError(failure));
    }
  }, [id, onChange]);

  const reset = useCallback(() => {
    setJob(null);
    setError(null);
  }, []);

  return { job, error, start, adopt: setJob, cancel, reset };
}
