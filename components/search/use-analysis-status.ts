'use client';

import { useEffect, useState } from 'react';
import type { AnalysisStatus } from '@/lib/analysis/progress';
import { fetchJson } from '../fetch-json';

/** Asked again this often while the analysis runs (or has not started yet), not at all once it has ended. */
const RUNNING_POLL_MS = 2000;
const WAITING_POLL_MS = 5000;

/** The background analysis's progress (GET /api/status), kept current while it runs; null until first answered. */
export function useAnalysisStatus(): AnalysisStatus | null {
  const [status, setStatus] = useState<AnalysisStatus | null>(null);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const controller = new AbortController();
    const poll = async () => {
      let next = WAITING_POLL_MS;
      try {
        const { analysis } = await fetchJson<{ analysis: AnalysisStatus }>('/api/status', controller.signal);
        setStatus(analysis);
        if (analysis.state === 'done' || analysis.state === 'stopped') return;
        if (analysis.state === 'running') next = RUNNING_POLL_MS;
      } catch {
        if (controller.signal.aborted) return;
      }
      timer = setTimeout(() => void poll(), next);
    };
    void poll();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, []);
  return status;
}
