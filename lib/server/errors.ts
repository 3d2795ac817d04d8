/**
 * Which of lib/'s errors a caller may see, and with which HTTP status: the
 * one table both the route wrapper (./context withErrors) and the custom
 * server's thumbnail handler answer from. Anything not listed is a fault of
 * ours: a 500 whose details stay in the server log.
 */
import { ConflictError, NotFoundError, QueryError } from '@/lib/errors';

export interface ErrorAnswer {
  status: number;
  body: { error: string; param?: string };
}

export const ERROR_STATUS = [
  [QueryError, 400],
  [NotFoundError, 404],
  [ConflictError, 409],
] as const;

/** The status and JSON body for one of the errors above, or null for anything else. */
export function knownError(error: unknown): ErrorAnswer | null {
  for (const [type, status] of ERROR_STATUS) {
    if (!(error instanceof type)) continue;
    const param = 'param' in error ? error.param : undefined;
    return { status, body: param === undefined ? { error: error.message } : { error: error.message, param } };
  }
  return null;
}
