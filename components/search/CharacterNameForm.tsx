'use client';

import { useEffect, useId, useState } from 'react';
import { forgetCharacter, nameCharacter } from './use-characters';

/**
 * Gives a film's face cluster a name (PUT /api/characters/<film>/<cluster>),
 * renames it, or forgets it. Names are the user's work, kept across
 * re-ingests; `character=<name>` then filters by it.
 */
export function CharacterNameForm({ film, cluster, name, onDone }: { film: string; cluster: number; name: string | null; onDone?: () => void }) {
  const [draft, setDraft] = useState(name ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  useEffect(() => setDraft(name ?? ''), [name]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onDone?.();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="character-form"
      aria-label={`Name cluster ${cluster} of ${film}`}
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => nameCharacter(film, cluster, draft));
      }}
    >
      <label htmlFor={inputId} className="sr-only">
        Character name for cluster {cluster} of {film}
      </label>
      <input id={inputId} type="text" value={draft} maxLength={100} placeholder="Character name" onChange={(e) => setDraft(e.currentTarget.value)} disabled={busy} />
      <button type="submit" className="small" disabled={busy || draft.trim() === '' || draft.trim() === name}>
        {name ? 'Rename' : 'Save name'}
      </button>
      {name && (
        <button type="button" className="small" disabled={busy} onClick={() => void run(() => forgetCharacter(film, cluster))}>
          Forget name
        </button>
      )}
      {error && (
        <p className="state error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
