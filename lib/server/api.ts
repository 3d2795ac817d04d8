/**
 * What the JSON routes that change things share: JSON request bodies checked
 * with zod (a 400 naming the field) and ids from the path.
 */
import 'server-only';
import type { z } from 'zod';
import { fromZodError, QueryError } from '@/lib/errors';

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
