/**
 * Fetches one of our API routes. Failures are ApiErrors that keep what the
 * UI needs to say what happened: the server could not be reached at all, or
 * it answered with an error status, its own message and (for a 400) the
 * parameter it refused.
 */
export class ApiError extends Error {
  constructor(
    message: string,
    /** 0 when the server could not be reached. */
    readonly status: number,
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get unreachable(): boolean {
    return this.status === 0;
  }
}

export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  return request<T>(url, { signal, headers: { Accept: 'application/json' } });
}

/**
 * Sends a JSON body (the selection and export routes insist on the
 * Content-Type, even for `{}`); a 204 answers null.
 */
export async function sendJson<T>(url: string, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: unknown): Promise<T> {
  return request<T>(url, {
    method,
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function request<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError('The Stillroom server could not be reached.', 0);
  }
  let body: unknown = null;
  if (response.status !== 204) {
    try {
      body = await response.json();
    } catch (error) {
      // A body cut short (the request cancelled, or the page reloading, while it was read) is no answer: never null in its place.
      if (isAbort(error)) throw error;
      if (response.ok) throw new ApiError(`${url}: the answer could not be read (${error instanceof Error ? error.message : String(error)})`, response.status);
    }
  }
  if (!response.ok) {
    const { error, param } = (body ?? {}) as { error?: unknown; param?: unknown };
    throw new ApiError(typeof error === 'string' ? error : `${url} answered HTTP ${response.status}`, response.status, typeof param === 'string' ? param : null);
  }
  return body as T;
}

/** True for the error fetch throws when the request was cancelled because its answer is no longer wanted. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError(error instanceof Error ? error.message : String(error), -1);
}
