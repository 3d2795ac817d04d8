'use client';

import { useEffect, useState } from 'react';
import { filtersDiffer, freeName, newSelectionQuery, resultsFilterQuery } from '@/lib/ui/curation';
import { suggestedName } from '@/lib/ui/selection-name';
import { ExportDialog } from '../export/ExportDialog';
import { HelpOverlay } from './HelpOverlay';
import { ConfirmDialog, NameDialog } from './SelectionDialogs';
import type { Selections } from './use-selections';
import './curation.css';

interface Props {
  selections: Selections;
  /** The page's filters, in the API's syntax. */
  api: URLSearchParams;
  /** The current results' count and sentence. */
  total: number | null;
  where: string;
  onSelect: (id: number | null) => void;
}

type Open = 'new' | 'rename' | 'delete' | 'export' | 'help' | null;

const fmt = (n: number) => n.toLocaleString('en');

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || !!target.closest('input:not([type=checkbox]):not([type=radio]):not([type=range]), select, textarea'));
}

/**
 * The current selection and what can be done with it: choose, create from
 * the filters, rename, duplicate, delete (after a confirmation); include or
 * exclude all results; undo and redo (also Ctrl/Cmd+Z, Ctrl/Cmd+Shift+Z,
 * Ctrl+Y); export; and `?` for every keyboard shortcut.
 */
export function CurationBar({ selections, api, total, where, onSelect }: Props) {
  const [open, setOpen] = useState<Open>(null);
  const { list, summary, detail, status } = selections;
  const { undo, redo } = selections;
  const hasUndo = summary?.undo != null;
  const hasRedo = summary?.redo != null;

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (typing(event.target) || document.querySelector('dialog.modal[open]')) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (event.key === '?' && !mod && !event.altKey) setOpen('help');
      else if (mod && !event.altKey && key === 'z' && !event.shiftKey && hasUndo) void undo();
      else if (mod && !event.altKey && ((key === 'z' && event.shiftKey) || (key === 'y' && event.ctrlKey)) && hasRedo) void redo();
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [undo, redo, hasUndo, hasRedo]);

  const close = () => setOpen(null);
  const filters = resultsFilterQuery(api);
  const results = total === null ? 'results' : `${fmt(total)} ${total === 1 ? 'result' : 'results'}`;

  return (
    <section className="curation-bar" aria-label="Selection">
      <div className="curation-row">
        <label className="field inline">
          <span>Selection</span>
          <select value={summary?.id ?? ''} onChange={(e) => onSelect(e.currentTarget.value ? Number(e.currentTarget.value) : null)} aria-label="Current selection">
            <option value="">None (clicks open frames)</option>
            {list?.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="small" onClick={() => setOpen('new')}>
          New from filters…
        </button>
        {summary && (
          <>
            <button type="button" className="small" onClick={() => setOpen('rename')}>
              Rename…
            </button>
            <button type="button" className="small" onClick={() => void selections.duplicate()}>
              Duplicate
            </button>
            <button type="button" className="small" onClick={() => setOpen('delete')}>
              Delete…
            </button>
          </>
        )}
        <span className="curation-spacer" />
        <button type="button" className="small" onClick={() => setOpen('export')}>
          Export…
        </button>
        <button type="button" className="small help-button" onClick={() => setOpen('help')} aria-label="Keyboard shortcuts" aria-keyshortcuts="?" title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
      {summary && (
        <div className="curation-row">
          <p className="selection-count">
            <strong data-testid="selection-members">{detail ? fmt(detail.members) : '…'}</strong> {detail?.members === 1 ? 'member' : 'members'}
            <span className="muted">
              {' '}
              (+{fmt(summary.included)} / −{fmt(summary.excluded)} by hand)
            </span>
          </p>
          <div className="button-group" role="group" aria-label="Curate all results">
            <button
              type="button"
              className="small"
              disabled={!total}
              title={`Include every frame of the ${results} in “${summary.name}” (one action, undoable)`}
              onClick={() => void selections.change({ action: 'include', query: filters })}
            >
              Include all results
            </button>
            <button
              type="button"
              className="small"
              disabled={!total}
              title={`Exclude every frame of the ${results} from “${summary.name}” (one action, undoable)`}
              onClick={() => void selections.change({ action: 'exclude', query: filters })}
            >
              Exclude all results
            </button>
          </div>
          <div className="button-group" role="group" aria-label="History">
            <button type="button" className="small" disabled={!hasUndo} onClick={() => void undo()} aria-label="Undo" aria-keyshortcuts="Control+Z Meta+Z" title={hasUndo ? `Undo: ${summary.undo} (Ctrl+Z)` : 'Nothing to undo'}>
              ↶ Undo
            </button>
            <button type="button" className="small" disabled={!hasRedo} onClick={() => void redo()} aria-label="Redo" aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y" title={hasRedo ? `Redo: ${summary.redo} (Ctrl+Shift+Z)` : 'Nothing to redo'}>
              ↷ Redo
            </button>
          </div>
          <p className="curation-hint muted">Click or Space: include / exclude · Shift: a range · Enter or ⤢: open</p>
        </div>
      )}
      {summary && detail && (
        <div className="curation-row selection-query">
          <span className="muted">Its query:</span>
          <ul className="query-chips" aria-label={`Query of “${summary.name}”`}>
            {detail.conditions.length === 0 ? (
              <li className="query-chip">every frame</li>
            ) : (
              detail.conditions.map((condition, i) => (
                <li key={`${i}:${condition}`} className="query-chip">
                  {condition}
                </li>
              ))
            )}
          </ul>
          {filtersDiffer(api, summary.query) && (
            <button
              type="button"
              className="small"
              title="Members are then the frames the current filters match, plus and minus the changes made by hand (one action, undoable)"
              onClick={() => void selections.setQuery(newSelectionQuery(api))}
            >
              Use the current filters as this selection’s query
            </button>
          )}
        </div>
      )}
      <p className={`curation-status${status?.error ? ' error' : ''}`} role="status" aria-live="polite" data-testid="curation-status">
        {status?.text}
      </p>

      {open === 'new' && (
        <NameDialog
          title="New selection"
          action="Create"
          initial={freeName(suggestedName(api), list?.map((s) => s.name) ?? [])}
          onSubmit={(name) => selections.create(name, newSelectionQuery(api))}
          onClose={close}
        >
          <p className="muted">
            Its query is the current filters: <code>{where ? where.replace(/^where /, '') : 'every frame'}</code>. Clicks then include or exclude frames on top of it.
          </p>
        </NameDialog>
      )}
      {open === 'rename' && summary && <NameDialog title={`Rename “${summary.name}”`} action="Rename" initial={summary.name} onSubmit={selections.rename} onClose={close} />}
      {open === 'delete' && summary && (
        <ConfirmDialog title={`Delete “${summary.name}”?`} confirm="Delete selection" onConfirm={selections.remove} onClose={close}>
          <p>
            Its query, its {fmt(summary.included + summary.excluded)} manual changes and its undo history are deleted. The frames themselves are not touched. This
            cannot be undone.
          </p>
        </ConfirmDialog>
      )}
      {open === 'export' && (
        <ExportDialog source={{ selection: summary?.id ?? null, query: filters }} selectionName={summary?.name ?? null} selections={list ?? []} where={where} onClose={close} />
      )}
      {open === 'help' && <HelpOverlay onClose={close} />}
    </section>
  );
}
