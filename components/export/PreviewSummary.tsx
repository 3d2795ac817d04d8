'use client';

import { leftOutText, previewText } from '@/lib/ui/export-form';
import type { ExportPreview } from './use-export-preview';

const SPLIT_ORDER = ['train', 'validation', 'test', 'all'];
const MAX_CLASSES = 12;
const MAX_WARNINGS = 6;

/**
 * The dry run of the options in the dialog: files per split and class, what
 * is left out and why, the bytes, and a warning for every class under 5 % of
 * a split or missing from one.
 */
export function PreviewSummary({ preview, split }: { preview: ExportPreview; split: boolean }) {
  const splits = Object.keys(preview.bySplit).sort((a, b) => SPLIT_ORDER.indexOf(a) - SPLIT_ORDER.indexOf(b));
  const classes = [...new Set(splits.flatMap((s) => Object.keys(preview.bySplit[s])))].sort();
  const shown = classes.slice(0, MAX_CLASSES);
  const leftOut = leftOutText(preview);
  const labelled = !(classes.length === 1 && classes[0] === 'all');
  return (
    <div className="export-plan" data-testid="export-plan">
      <p role="status" aria-live="polite" data-testid="export-preview">
        Will write {previewText(preview, split)}
      </p>
      {labelled && (
        <table className="export-plan-table" data-testid="export-plan-table">
          <thead>
            <tr>
              <th scope="col">split</th>
              {shown.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              {classes.length > shown.length && <th scope="col">{classes.length - shown.length} more</th>}
            </tr>
          </thead>
          <tbody>
            {splits.map((s) => (
              <tr key={s}>
                <th scope="row">{s}</th>
                {shown.map((c) => (
                  <td key={c} data-split={s} data-class={c}>
                    {(preview.bySplit[s][c] ?? 0).toLocaleString('en')}
                  </td>
                ))}
                {classes.length > shown.length && <td>{classes.slice(MAX_CLASSES).reduce((sum, c) => sum + (preview.bySplit[s][c] ?? 0), 0).toLocaleString('en')}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {leftOut.length > 0 && (
        <p className="muted" data-testid="export-left-out">
          Left out: {leftOut.join(' · ')}.
        </p>
      )}
      {preview.warnings.length > 0 && (
        <ul className="export-warnings" data-testid="export-warnings">
          {preview.warnings.slice(0, MAX_WARNINGS).map((w) => (
            <li key={`${w.split}/${w.label}`} className="field-warning">
              {w.message}
            </li>
          ))}
          {preview.warnings.length > MAX_WARNINGS && <li className="field-warning">and {preview.warnings.length - MAX_WARNINGS} more classes under 5 % of a split</li>}
        </ul>
      )}
    </div>
  );
}
