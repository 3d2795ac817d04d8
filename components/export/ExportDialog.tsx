'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import { controlOfParam, DEFAULT_EXPORT_FORM, exportBody, formatBytes, previewText, progressShare, progressText, type ExportForm, type ExportSource } from '@/lib/ui/export-form';
import { Dialog } from '../Dialog';
import { ExportFields } from './ExportFields';
import { isActive, useExportJob } from './use-export-job';
import { useExportPreview } from './use-export-preview';

interface Props {
  source: ExportSource;
  selectionName: string | null;
  where: string;
  onClose: () => void;
}

/** One line restating what is being exported, above the progress bar. */
function summary(form: ExportForm, selectionName: string | null): string {
  const frames = selectionName === null || form.scope === 'results' ? 'the current results' : `“${selectionName}”`;
  const layout = form.layout === 'by' ? `a folder per ${form.byColumn}` : form.layout;
  const split = form.split ? `, split by ${form.splitBy}` : '';
  const target = form.target === 'zip' ? 'as a zip' : form.target === 'webdataset' ? 'as WebDataset shards' : 'to a folder';
  return `${frames}, ${layout}${split}, ${target}`;
}

const STATE_WORDS = { pending: 'Starting the download…', running: 'Exporting…', done: 'Done', failed: 'Failed', cancelled: 'Cancelled' } as const;

/**
 * The export options, then the export's progress: files, bytes and time
 * left, polled from the server, with Cancel. A zip downloads through the
 * browser while it is made; a folder is written under the export root.
 */
export function ExportDialog({ source, selectionName, where, onClose }: Props) {
  const [form, setForm] = useState<ExportForm>(() => ({ ...DEFAULT_EXPORT_FORM, scope: source.selection === null ? 'results' : 'selection' }));
  const { job, error, start, cancel, reset } = useExportJob();
  const running = isActive(job);
  const refused = error && error.status === 400 ? controlOfParam(error.param) : null;
  const { preview } = useExportPreview(exportBody(form, source), job === null);

  const set = (patch: Partial<ExportForm>) => {
    setForm((old) => ({ ...old, ...patch }));
    if (error) reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void start(exportBody(form, source));
  };

  const errorFor = (control: keyof ExportForm) =>
    refused === control && error ? (
      <p className="field-error" role="alert">
        <code>{error.param}</code>: {error.message.replace(`${error.param}: `, '')}
      </p>
    ) : null;

  // The form makes way for the progress, which takes the focus (the button pressed is gone).
  const progress = useRef<HTMLElement>(null);
  const jobId = job?.id;
  useEffect(() => {
    if (jobId) progress.current?.focus();
  }, [jobId]);

  return (
    // Closing does not stop an export: the download or the folder goes on, as the server's job.
    <Dialog label="Export frames" onClose={onClose} className="export-dialog">
      <form onSubmit={submit}>
        <header className="dialog-head">
          <h2>Export frames</h2>
          <button type="button" className="ghost" onClick={onClose} aria-label="Close (Esc)">
            Close
          </button>
        </header>
        {job === null && (
          <ExportFields form={form} set={set} selectionName={source.selection === null ? null : selectionName} where={where} errorFor={errorFor} />
        )}

        {job === null && (
          <p className="export-preview muted" role="status" aria-live="polite" data-testid="export-preview">
            {preview ? `Will write ${previewText(preview, form.split)}` : 'Planning…'}
          </p>
        )}

        {error && refused === null && (
          <p className="field-error" role="alert">
            {error.param && <code>{error.param}</code>} {error.message}
          </p>
        )}

        {job && (
          <section className="export-progress" aria-label="Export progress" tabIndex={-1} ref={progress}>
            <p className="export-summary muted">{summary(form, source.selection === null ? null : selectionName)}</p>
            <p className="export-state">
              <strong>{STATE_WORDS[job.state]}</strong>
              {job.target !== 'zip' && job.folder && (
                <>
                  {' '}
                  {job.state === 'done' ? 'written to' : 'writing'} <code data-testid="export-folder">{job.folder}</code> under the export root
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
            {job.state === 'done' && job.target === 'zip' && <p className="muted">The zip ({formatBytes(job.bytesDone)} of images) is in your downloads.</p>}
            {job.error && (
              <p className="field-error" role="alert">
                {job.error}
              </p>
            )}
          </section>
        )}

        <div className="dialog-actions">
          {running ? (
            <button type="button" className="danger" onClick={() => void cancel()}>
              Cancel export
            </button>
          ) : job ? (
            <button type="button" className="ghost" onClick={reset}>
              New export
            </button>
          ) : null}
          {job === null && <button type="submit">{form.target === 'zip' ? 'Export and download zip' : form.target === 'webdataset' ? 'Export shards' : 'Export to folder'}</button>}
        </div>
      </form>
    </Dialog>
  );
}
