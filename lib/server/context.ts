/**
 * What every route handler shares: the configuration, one database handle
 * for the whole process (./process-context), and the mapping of errors to
 * JSON responses.
 */
import 'server-only';
import { knownError } from './errors';

export { serverContext, type ServerContext } from './process-context';

export function jsonError(status: number, message: string, param?: string): Response {
  return Response.json(param === undefined ? { error: message } : { error: message, param }, {
    status,
    headers: { 'Cache-Control': 'no-store' },
  });
}

/**
 * Wraps every route handler: an error of lib/ the caller may see becomes its
 * status (./errors: 400 naming the parameter, 404, 409); anything else is
 * logged here and answered with a generic 500, so no stack trace or machine
 * path reaches the browser.
 */
export function withErrors<C>(
  handler: (request: Request, context: C) => Promise<Response> | Response,
): (request: Request, context: C) => Promise<Response> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const known = knownError(error);
      if (known !== null) return jsonError(known.status, known.body.error, known.body.param);
      console.error(`[stillroom] ${request.method} ${new URL(request.url).pathname} failed:`, error);
      return jsonError(500, 'Internal server error; the details are in the server log.');
    }
  };
}
