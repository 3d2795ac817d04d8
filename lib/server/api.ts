/**
 * What the JSON routes that change things share: JSON request bodies checked
 * with zod (a 400 naming the field), ids from the path, and the error
 * classes of lib/ mapped to their status (404 not found, 409 conflict).
 */
import 'server-only';
import type { z } from 'zod';
import { ConflictError, fromZodError, NotFoundError, QueryError } from '@/lib/query/errors';
import { jsonError, withErrors } from './context';

/**
 * The request's JSON body, parsed by `schema`; an empty body is `{}`. Every
 * POST and PATCH must say `Content-Type: application/json`, even without a
 * body (undo, redo): a page on another site cannot send that without the
 * browser asking this server first, so it cannot curate or export behind the
 * user's back.
 */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new QueryError('Content-Type', `must be application/json, got ${JSON.stringify(type)}`);
  const text = await request.text();
  let body: unknown = {};
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new QueryError('body', `is not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw fromZodError(parsed.error, 'body');
  return parsed.data;
}

/** A selection id from the URL path. */
export function pathId(raw: string): number {
  if (!/^[1-9][0-9]{0,14}$/.test(raw)) throw new QueryError('id', `must be a positive whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** withErrors, plus NotFoundError as 404 and ConflictError as 409 (naming the parameter). */
export function withApiErrors<C>(handler: (request: Request, context: C) => Promise<Response> | Response) {
  return withErrors<C>(async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      if (error instanceof NotFoundError) return jsonError(404, error.message);
      if (error instanceof ConflictError) return jsonError(409, error.message, error.param);
      throw error;
    }
  });
}
