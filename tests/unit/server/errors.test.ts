import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConflictError, NotFoundError, QueryError } from '@/lib/errors';
import { ExportError } from '@/lib/export/sink';
import { PickleError } from '@/lib/pickle';
import { withErrors } from '@/lib/server/context';

const GENERIC = { error: 'Internal server error; the details are in the server log.' };

const CASES: Array<[string, Error, number, Record<string, string>]> = [
  ['QueryError', new QueryError('_size', 'must be a whole number'), 400, { error: '_size: must be a whole number', param: '_size' }],
  ['NotFoundError', new NotFoundError('No selection 7'), 404, { error: 'No selection 7' }],
  ['ConflictError', new ConflictError('name', 'is taken'), 409, { error: 'name: is taken', param: 'name' }],
  ['Error', new Error('/home/someone/library: boom'), 500, GENERIC],
  ['ExportError', new ExportError('film_a: frame 3 is missing'), 500, GENERIC],
  ['PickleError', new PickleError('/home/someone/face_df.pkl', 'truncated'), 500, GENERIC],
  ['TypeError', new TypeError('x is undefined'), 500, GENERIC],
];

describe('withErrors: every error class and its status', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each(CASES)('%s', async (_name, error, status, body) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const handler of [
      () => {
        throw error;
      },
      async () => {
        throw error;
      },
    ]) {
      const response = await withErrors(handler)(new Request('http://localhost/api/x'), {});
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual(body);
    }
    // Only the unexpected ones go to the server log (with their details).
    expect(logged).toHaveBeenCalledTimes(status === 500 ? 2 : 0);
  });

  it('passes a handler’s own response through', async () => {
    const response = await withErrors(() => new Response('ok', { status: 201 }))(new Request('http://localhost/api/x'), {});
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('ok');
  });
});

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

describe('every route handler', () => {
  const files = routeFiles(path.join(process.cwd(), 'app'));

  it('exists', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((file) => [path.relative(process.cwd(), file), file]))('%s is wrapped in withErrors', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const handlers = [...text.matchAll(/export\s+(?:async\s+)?(?:const|function)\s+(GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\b(.*)/g)];
    expect(handlers.length).toBeGreaterThan(0);
    for (const [, method, rest] of handlers) expect(rest, `${method}`).toMatch(/^\s*=\s*withErrors\(/);
  });
});
