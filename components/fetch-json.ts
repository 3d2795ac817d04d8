/**
 * Fetches one of our API routes. A failed request throws with the API's own
 * `error` message (it names the parameter or the film), or the HTTP status.
 */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const message = (body as { error?: unknown } | null)?.error;
    throw new Error(typeof message === 'string' ? message : `${url} answered HTTP ${response.status}`);
  }
  return body as T;
}

/** True for the error fetch throws when the component that started it has gone away. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
