'use client';

import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../Dialog';
import { asApiError } from '../fetch-json';

/** Asks for a selection's name (new, or a rename); a refused name (taken, empty) is said under the field. */
export function NameDialog({
  title,
  initial,
  action,
  children,
  onSubmit,
  onClose,
}: {
  title: string;
  initial: string;
  action: string;
  children?: ReactNode;
  onSubmit: (name: string) => Promise<void>;
  onClose: () => void;
}) {
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit(name);
      onClose();
    } catch (failure) {
      setError(asApiError(failure).message);
      setBusy(false);
    }
  };

  return (
    <Dialog label={title} onClose={onClose} className="name-dialog">
      <form onSubmit={(e) => void submit(e)}>
        <h2>{title}</h2>
        <label className="field">
          <span>Name</span>
          <input
            type="text"
            value={name}
            data-autofocus
            onFocus={(e) => e.currentTarget.select()}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setError(null);
            }}
            aria-invalid={error !== null}
            aria-describedby={error ? errorId : undefined}
            maxLength={100}
            required
          />
        </label>
        {error && (
          <p className="field-error" id={errorId} role="alert">
            {error}
          </p>
        )}
        {children}
        <div className="dialog-actions">
          <button type="button" className="ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy || name.trim() === ''}>
            {action}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** "Are you sure?" with the consequences spelled out; Cancel has the focus, so Enter does not destroy. */
export function ConfirmDialog({
  title,
  children,
  confirm,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirm: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await onConfirm();
      onClose();
    } catch (failure) {
      setError(asApiError(failure).message);
      setBusy(false);
    }
  };
  return (
    <Dialog label={title} onClose={onClose} className="confirm-dialog">
      <h2>{title}</h2>
      {children}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="dialog-actions">
        <button type="button" className="ghost" onClick={onClose} data-autofocus>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void run()} disabled={busy}>
          {confirm}
        </button>
      </div>
    </Dialog>
  );
}
