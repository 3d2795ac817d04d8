'use client';

import { useEffect, useState } from 'react';
import type { DryRun } from '@/lib/export/dry-run';

/** The dry run's answer: the plan, and where the server writes folder exports. */
export type ExportPreview = DryRun & { exportRoot: string };
import { asApiError, isAbort, sendJson, type ApiError } from '../fetch-json';

const SETTLE_MS = 250;

/**
 * The plan of the export the form describes (POST /api/exports with dryRun),
 * asked again a moment after the options stop changing; an answer for
 * options since changed is dropped.
 */
export function useExportPreview(body: Record<string, unknown>, enabled: boolean): { preview: ExportPreview | null; error: ApiError | null } {
  const [preview, setPreview] = useState<ExportPreview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const key = JSON.stringify(body);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    const timer = setTimeout(() => {
      sendJson<ExportPreview>('/api/exports', 'POST', { ...JSON.parse(key), dryRun: true }).then(
        (answer) => {
          if (!current) return;
          setPreview(answer);
          setError(null);
        },
        (failure: unknown) => {
          if (!current || isAbort(failure)) return;
          setPreview(null);
          setError(asApiError(failure));
        },
      );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, enabled]);
  return { preview, error };
}
