'use client';

import { useState } from 'react';
import type { ExportJobStatus } from '@/lib/export/jobs';
import { formatBytes, progressShare, progressText } from '@/lib/ui/export-form';

export const STATE_WORDS = { pending: 'Waiting for the download…', running: 'Exporting…', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' } as const;

/** An absolute path with a button that puts it on the clipboard. */
export function CopyPath({ path, testId }: { path: string; testId?: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(path).then(
      () => setCopied('yes'),
      () => setCopied('no'),
    );
  };
  return (
    <span className="copy-path">
      <code data-testid={testId}>{path}</code>
      <button type="button" className="ghost small" onClick={copy} aria-label={`Copy ${path}`}>
        {copied === 'yes' ? 'Copied' : 'Copy path'}
      </button>
      {copied === 'no' && <span className="muted"> (select it and copy: the browser refused)</span>}
    </span>
  );
}

/** One job's state, where it writes, its progress bar and numbers (files, bytes, time left), and its error. */
export function JobProgress({ job }: { job: ExportJobStatus }) {
  return (
    <>
      <p className="export-state">
        <strong>{STATE_WORDS[job.state]}</strong>
        {job.path && (
          <>
            {' '}
            {job.state === 'done' ? 'written to' : job.state === 'running' ? 'writing' : 'for'} <CopyPath path={job.path} testId="export-folder" />
          </>
        )}
      </p>
      <progress max={1} value={job.state === 'pending' ? undefined : progressShare(job)} aria-label="Files exported" />
      <p className="export-numbers" role="status" aria-live="polite" data-testid="export-progress">
        {progressText(job)}
      </p>
      {job.state === 'pending' && job.download && (
        <p className="muted">
          If the download does not start, <a href={job.download}>download the zip</a>.
        </p>
      )}
      {job.state === 'done' && job.target === 'zip' && job.path === null && <p className="muted">The zip ({formatBytes(job.bytesDone)} of images) is in your downloads.</p>}
      {job.error && (
        <p className="field-error" role="alert">
          {job.error}
        </p>
      )}
    </>
  );
}
