import type { ReactNode } from 'react';
import type { ApiError } from '../fetch-json';

/** Why there are no frames to show, and what to do about it. */
export function ResultsError({ error, onRetry, onRemoveParam, onClear }: { error: ApiError; onRetry: () => void; onRemoveParam: (param: string) => void; onClear: () => void }) {
  if (error.unreachable) {
    return (
      <div className="empty-state error" role="alert">
        <h2>The Stillroom server is not answering</h2>
        <p>It may have stopped. Start it again with <code>npm start</code>, then retry.</p>
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      </div>
    );
  }
  if (error.status === 400) {
    // The API's message already starts with the parameter; it is shown once, as code.
    const message = error.param && error.message.startsWith(`${error.param}: `) ? error.message.slice(error.param.length + 2) : error.message;
    return (
      <div className="empty-state error" role="alert">
        <h2>This query was refused</h2>
        <p className="api-error">
          {error.param && (
            <>
              <code>{error.param}</code>:{' '}
            </>
          )}
          {message}
        </p>
        <div className="actions">
          {error.param && (
            <button type="button" onClick={() => onRemoveParam(error.param as string)}>
              Remove {error.param}
            </button>
          )}
          <button type="button" className="ghost" onClick={onClear}>
            Clear all filters
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="empty-state error" role="alert">
      <h2>The frames could not be loaded</h2>
      <p>{error.message}</p>
      <button type="button" onClick={onRetry}>
        Retry
      </button>
    </div>
  );
}

/** `children`: what a search that found nothing offers instead (the nearest colours of a colour search). */
export function NoMatches({ where, onClear, children }: { where: string; onClear: () => void; children?: ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <h2>No frames match</h2>
      <p>
        No frame of the library matches <code>{where.replace(/^where /, '')}</code>. Loosen a filter, or start again.
      </p>
      {children}
      <button type="button" onClick={onClear}>
        Clear filters
      </button>
    </div>
  );
}

export function EmptyLibrary() {
  return (
    <div className="empty-state" role="status">
      <h2>The library has no films yet</h2>
      <p>
        Point <code>STILLROOM_LIBRARY</code> at a moviegoer library (the folder holding <code>frame_per_second/</code> and{' '}
        <code>serialized_objects/</code>) and run <code>npm start</code> again.
      </p>
    </div>
  );
}
