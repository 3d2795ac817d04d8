'use client';

import { useState } from 'react';
import { progressShare } from '@/lib/ui/export-form';
import { ExportsPanel } from './ExportsPanel';
import { useExports } from './use-exports';
import { isActive } from './use-export-job';
import './export.css';

/**
 * In the masthead on every page: "Exports", and while exports run, how many
 * and how far along, so nobody starts a second one unaware of the first.
 * Opens the Exports panel.
 */
export function ExportsIndicator() {
  const list = useExports();
  const [open, setOpen] = useState(false);
  const running = list.jobs?.filter(isActive) ?? [];
  const share = running.length === 0 ? 0 : running.reduce((sum, job) => sum + progressShare(job), 0) / running.length;
  return (
    <>
      <button type="button" className={`ghost exports-indicator${running.length > 0 ? ' running' : ''}`} onClick={() => setOpen(true)} data-testid="exports-indicator">
        {running.length > 0 ? (
          <>
            {`Exporting${running.length > 1 ? ` ${running.length} exports` : ''} ${Math.floor(share * 100)} %`}
            <progress max={1} value={share} aria-label="Export progress" />
          </>
        ) : (
          'Exports'
        )}
      </button>
      {open && <ExportsPanel list={list} onClose={() => setOpen(false)} />}
    </>
  );
}
