'use client';

import { analysisSearches, coverageNote, progressLine } from '@/lib/ui/analysis-display';
import { useAnalysisStatus } from './use-analysis-status';

/**
 * While the background analysis runs: how far it is, its rate and the time
 * left, and for a palette or near-duplicate search in the query, that its
 * results cover only the frames analysed so far. Nothing once it is done.
 */
export function AnalysisProgress({ api }: { api: URLSearchParams }) {
  const status = useAnalysisStatus();
  if (!status || status.state !== 'running') return null;
  const notes = analysisSearches(api).flatMap(({ label, coverage }) => {
    const note = coverageNote(status, coverage);
    return note ? [`${label}: ${note}`] : [];
  });
  return (
    <div className="analysis-progress" role="status" aria-label="Background analysis" data-testid="analysis-progress">
      <p>
        <progress value={status.done} max={Math.max(1, status.total)} aria-hidden="true" /> {progressLine(status)}
      </p>
      {notes.map((note) => (
        <p key={note} className="analysis-note">
          {note}
        </p>
      ))}
    </div>
  );
}
