'use client';

import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ExportJobStatus } from '@/lib/export/jobs';
import { controlOfParam, DEFAULT_EXPORT_FORM, exportBody, rememberedFormKey, rememberedJobKey, restoreForm, type ExportForm, type ExportSource } from '@/lib/ui/export-form';
import { Dialog } from '../Dialog';
import { fetchJson, isAbort } from '../fetch-json';
import { ExportFields } from './ExportFields';
import { JobProgress } from './JobProgress';
import { PreviewSummary } from './PreviewSummary';
import { announceExportsChanged } from './use-exports';
import { isActive, useExportJob } from './use-export-job';
import { useExportPreview } from './use-export-preview';
import './export.css';

interface Props {
  source: ExportSource;
  selectionName: string | null;
  /** Every saved selection, for negatives taken from one. */
  selections: ReadonlyArray<{ id: number; name: string }>;
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

/** The options last used for this selection (or for the results), else the defaults. */
function initialForm(source: ExportSource): ExportForm {
  const fallback = { ...DEFAULT_EXPORT_FORM, scope: source.selection === null ? ('results' as const) : ('selection' as const) };
  if (typeof window === 'undefined') return fallback;
  return restoreForm(window.localStorage.getItem(rememberedFormKey(source.selection)), fallback);
}

/**
 * The export options with a live plan of what they write, then the
 * export's progress: files, bytes and time left, polled from the server,
 * with Cancel. Reopened while an export of this page runs, it shows that
 * export. A zip downloads through the browser while it is made; a folder is
 * written under the export root, whose full path it shows.
 */
export function ExportDialog({ source, selectionName, selections, where, onClose }: Props) {
  const [form, setForm] = useState<ExportForm>(() => initialForm(source));
  const { job, error, start, adopt, cancel, reset } = useExportJob(announceExportsChanged);
  const running = isActive(job);
  const refused = error && error.status === 400 ? controlOfParam(error.param) : null;
  const { preview } = useExportPreview(exportBody(form, source), job === null);

  // Reopened during the export it started (for this selection): show that export, not a blank form.
  const [looked, setLooked] = useState(false);
  useEffect(() => {
    const id = window.localStorage.getItem(rememberedJobKey(source.selection));
    if (id === null) {
      setLooked(true);
      return;
    }
    const controller = new AbortController();
    fetchJson<ExportJobStatus>(`/api/exports/${encodeURIComponent(id)}`, controller.signal).then(
      (earlier) => {
        if (isActive(earlier)) adopt(earlier);
        setLooked(true);
      },
      (failure: unknown) => {
        if (!isAbort(failure)) setLooked(true);
      },
    );
    return () => controller.abort();
  }, [adopt, source.selection]);

  const set = (patch: Partial<ExportForm>) => {
    setForm((old) => ({ ...old, ...patch }));
    if (error) reset();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Remembered without the name: a folder's name is taken once it is written.
    window.localStorage.setItem(rememberedFormKey(source.selection), JSON.stringify({ ...form, name: '' }));
    void start(exportBody(form, source)).then((created) => {
      if (created) window.localStorage.setItem(rememberedJobKey(source.selection), created.id);
    });
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

  const showForm = job === null && looked;
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
        {showForm && (
          <ExportFields
            form={form}
            set={set}
            selectionName={source.selection === null ? null : selectionName}
            selections={selections}
            exportRoot={preview?.exportRoot ?? null}
            where={where}
            errorFor={errorFor}
          />
        )}

        {showForm &&
          (preview ? (
            <PreviewSummary preview={preview} split={form.split} />
          ) : (
            <p className="export-preview muted" role="status" aria-live="polite" data-testid="export-preview">
              Planning…
            </p>
          ))}

        {error && refused === null && (
          <p className="field-error" role="alert">
            {error.param && <code>{error.param}</code>} {error.message}
          </p>
        )}

        {job && (
          <section className="export-progress" aria-label="Export progress" tabIndex={-1} ref={progress} data-job={job.id}>
            <p className="export-summary muted">{summary(form, source.selection === null ? null : selectionName)}</p>
            <JobProgress job={job} />
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
          {showForm && <button type="submit">{form.target === 'zip' ? 'Export and download zip' : form.target === 'webdataset' ? 'Export shards' : 'Export to folder'}</button>}
        </div>
      </form>
    </Dialog>
  );
}
