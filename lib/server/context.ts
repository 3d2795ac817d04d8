/**
 * What every route handler shares: the configuration, one database handle
 * for the whole process (./process-context), and the mapping of errors to
 * JSON responses.
 */
import 'server-only';
import { QueryError } from '@/lib/query/errors';

export { serverContext, type ServerContext } from './process-context';

export function jsonError(status: number, message: string, param?: string): Response {
  return Response.json(param === undefined ? { error: message } : { error: message, param }, {
    status,
    headers: { 'Cache-Control': 'no-store' },
  });
}

/**
 * Wraps a route handler: a QueryError (the caller's mistake) becomes a 400
 * naming the parameter; anything else is logged here and answered with a
 * generic 500, so no stack trace or machine path reaches the browser.
 */
export function withErrors<C>(
  handler: (request: Request, context: C) => Promise<Response> | Response,
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof QueryError) return jsonError(400, error.message, error.param);
      console.error(`[stillroom] ${request.method} ${new URL(request.url).pathname} failed:`, error);
      return jsonError(500, 'Internal server error; the details are in the server log.');
    }
  };
}
