'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

interface Props {
  /** The dialog's accessible name (its heading's text). */
  label: string;
  onClose: () => void;
  className?: string;
  children: ReactNode;
}

/**
 * A modal dialog, mounted while open. The native <dialog> shown with
 * showModal() makes the page behind it inert (focus stays inside) and turns
 * Esc into a cancel event. The control marked `data-autofocus` gets the
 * focus; it goes back to what had it when the dialog closes.
 */
export function Dialog({ label, onClose, className, children }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  // Read while rendering, before anything inside the dialog can take the focus.
  const [opener] = useState(() => (typeof document !== 'undefined' && document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const element = ref.current;
    if (element && !element.open) {
      element.showModal();
      element.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    return () => {
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, [opener]);

  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      aria-label={label}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      {children}
    </dialog>
  );
}
