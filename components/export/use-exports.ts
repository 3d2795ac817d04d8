'use client';

import { useCallback, useEffect, useState } from 'react';
import type { ExportJobStatus } from '@/lib/export/jobs';
import { asApiError, fetchJson, isAbort, type ApiError } from '../fetch-json';
import { isActive } from './use-export-job';

/** Polling while an export runs; otherwise the list is read again when something says it changed. */
const ACTIVE_POLL_MS = 700;
const IDLE_POLL_MS = 10_000;
/** Dispatched on window when this page starts, cancels or repeats an export, so every list reads it at once. */
export const EXPORTS_CHANGED = 'stillroom:exports-changed';

export function announceExportsChanged(): void {
  window.dispatchEvent(new Event(EXPORTS_CHANGED));
}

export interface ExportList {
  exportRoot: string | null;
  jobs: ExportJobStatus[] | null;
  error: ApiError | null;
  refresh: () => void;
}

/** GET /api/exports, kept current: every export the server knows, newest first, and the export root. */
export function useExports(): ExportList {
  const [answer, setAnswer] = useState<{ exportRoot: string; jobs: ExportJobStatus[] } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    window.addEventListener(EXPORTS_CHANGED, refresh);
    return () => window.removeEventListener(EXPORTS_CHANGED, refresh);
  }, [refresh]);

  useEffect(() => {
    const controller = new AbortController();
    fetchJson<{ exportRoot: string; jobs: ExportJobStatus[] }>('/api/exports', controller.signal).then(
      (list) => {
        setAnswer(list);
        setError(null);
      },
      (failure: unknown) => {
        if (!isAbort(failure)) setError(asApiError(failure));
      },
    );
    return () => controller.abort();
  }, [tick]);

  const running = answer?.jobs.some(isActive) ?? false;
  useEffect(() => {
    const timer = setTimeout(refresh, running ? ACTIVE_POLL_MS : IDLE_POLL_MS);
    return () => clearTimeout(timer);
  }, [answer, running, refresh]);

  return { exportRoot: answer?.exportRoot ?? null, jobs: answer?.jobs ?? null, error, refresh };
}
