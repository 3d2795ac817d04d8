'use client';

import { SHORTCUTS } from '@/lib/ui/shortcuts';
import { Dialog } from '../Dialog';

/** Every keyboard shortcut, opened with `?`; Esc closes it. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  return (
    <Dialog label="Keyboard shortcuts" onClose={onClose} className="help-overlay">
      <header className="dialog-head">
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="ghost" onClick={onClose} data-autofocus aria-label="Close (Esc)">
          Close
        </button>
      </header>
      <div className="help-groups">
        {SHORTCUTS.map((group) => (
          <section key={group.title} aria-label={group.title}>
            <h3>{group.title}</h3>
            <dl>
              {group.shortcuts.map((shortcut) => (
                <div key={shortcut.keys.join() + shortcut.does}>
                  <dt>
                    {shortcut.keys.map((key, i) => (
                      <span key={key}>
                        {i > 0 && <span className="muted"> or </span>}
                        <kbd>{key}</kbd>
                      </span>
                    ))}
                  </dt>
                  <dd>{shortcut.does}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
