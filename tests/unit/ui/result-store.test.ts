/**
 * The grid's cache of results (components/results/result-store.ts) against
 * the real /api/frames route handler, served over HTTP from a real SQLite
 * library: windows fetched by offset, loads cancelled when scrolled past,
 * far windows dropped, errors kept with their parameter, and the small cache
 * of stores per query.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET } from '@/app/api/frames/route';
import { ApiError } from '@/components/fetch-json';
import { refreshStores, ResultStore, resultStore, WINDOW_SIZE } from '@/components/results/result-store';
import { readConfig } from '@/lib/config';
import { queryFrames } from '@/lib/query/frames';
import { applyChange, createSelection } from '@/lib/selections';
import { makeLibrary, type Library } from '../query/library-fixture';

let lib: Library;
let server: Server;
const requests: string[] = [];
const realFetch = globalThis.fetch;
const holder = globalThis as typeof globalThis & { __stillroomContext?: unknown };

beforeAll(async () => {
  lib = makeLibrary(20190510, 20);
  holder.__stillroomContext = { config: readConfig({ STILLROOM_LIBRARY: lib.dir, STILLROOM_DB: `${lib.dir}/library.db` }), db: lib.db };
  server = createServer((req, res) => {
    requests.push(req.url!);
    void GET(new Request(`http://localhost${req.url}`), { params: Promise.resolve({}) }).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // The browser resolves the store's relative URLs against the page; here, against the test server.
  globalThis.fetch = (input, init) => realFetch(new URL(String(input), base), init);
});

afterAll(async () => {
  globalThis.fetch = realFetch;
  delete holder.__stillroomContext;
  await new Promise((resolve) => server.close(resolve));
  lib.close();
});

/** What the store should hold at [offset, offset + size), straight from lib/query (in pages the API allows). */
function expected(query: string, offset: number, size: number) {
  const page = (at: number, n: number) => {
    const params = new URLSearchParams(query);
    params.set('_offset', String(at));
    params.set('_size', String(n));
    return JSON.parse(JSON.stringify(queryFrames(lib.db, params)));
  };
  const first = page(offset, Math.min(size, 1000));
  for (let at = offset + 1000; at < offset + size; at += 1000) first.frames.push(...page(at, Math.min(1000, offset + size - at)).frames);
  return first;
}

/** Resolves at the store's next notification. */
function changed(store: ResultStore): Promise<void> {
  return new Promise((resolve) => {
    const stop = store.subscribe(() => {
      stop();
      resolve();
    });
  });
}

const keys = (frames: Array<{ film: string; frame: number } | undefined>) => frames.map((f) => (f ? `${f.film}:${f.frame}` : null));

describe('ResultStore', () => {
  it('has enough frames for many windows', () => {
    expect(lib.frames.length).toBeGreaterThan(32 * WINDOW_SIZE);
  });

  it('loads the window on screen, in result order, with the total and where sentence', async () => {
    const query = 'faces_found__gte=1&_sort=brightness';
    const store = new ResultStore(query);
    expect(store.ready).toBe(false);
    const arrived = changed(store);
    store.show(0, 50);
    await arrived;
    const page = expected(query, 0, WINDOW_SIZE);
    expect(store.total).toBe(page.total);
    expect(store.where).toBe(page.where);
    expect(store.ready).toBe(true);
    expect(keys(Array.from({ length: WINDOW_SIZE }, (_, i) => store.frameAt(i)))).toEqual(keys(page.frames));
    expect(store.frameAt(WINDOW_SIZE)).toBeUndefined();
    const tenth = page.frames[10];
    expect(store.indexOf(tenth.film, tenth.frame)).toBe(10);
    expect(store.indexOf('no_such_film', 1)).toBe(-1);
  });

  it('loads the windows a range spans, and fetches a far frame on demand', async () => {
    const store = new ResultStore('');
    const arrived = changed(store);
    store.show(WINDOW_SIZE - 10, WINDOW_SIZE + 10);
    await arrived;
    const far = 25 * WINDOW_SIZE + 7;
    expect(keys([await store.load(far)])).toEqual(keys(expected('', far, 1).frames));
    expect(keys([store.frameAt(WINDOW_SIZE - 1), store.frameAt(WINDOW_SIZE)])).toEqual(keys(expected('', WINDOW_SIZE - 1, 2).frames));
    expect(await store.load(store.total! + 5)).toBeUndefined();
  });

  it('cancels the loads scrolled past, but not one someone awaits', async () => {
    const store = new ResultStore('');
    store.show(0, 10);
    const pinned = store.load(3 * WINDOW_SIZE);
    store.show(10 * WINDOW_SIZE, 10 * WINDOW_SIZE + 5);
    await pinned;
    await store.load(10 * WINDOW_SIZE);
    expect(store.frameAt(0)).toBeUndefined();
    expect(store.frameAt(3 * WINDOW_SIZE)).toBeDefined();
    expect(store.frameAt(10 * WINDOW_SIZE)).toBeDefined();
  });

  it('keeps at most 24 windows, dropping those farthest from what is shown', async () => {
    const store = new ResultStore('');
    store.show(29 * WINDOW_SIZE, 29 * WINDOW_SIZE + 1);
    for (let w = 0; w < 32; w++) await store.load(w * WINDOW_SIZE);
    const held = Array.from({ length: 32 }, (_, w) => store.frameAt(w * WINDOW_SIZE) !== undefined);
    // The 24 nearest window 29 (the one shown), 8 to 31; the farther ones went as the nearer arrived.
    expect(held).toEqual(Array.from({ length: 32 }, (_, w) => w >= 8));
  });

  it('returns a range across loaded and unloaded windows in order', async () => {
    const query = 'faces_found__gte=1';
    const store = new ResultStore(query);
    await store.load(WINDOW_SIZE + 3);
    const frames = await store.framesBetween(WINDOW_SIZE - 20, 3 * WINDOW_SIZE + 1500);
    expect(keys(frames)).toEqual(keys(expected(query, WINDOW_SIZE - 20, 2 * WINDOW_SIZE + 1520).frames));
  });

  it('keeps the API’s error with its parameter, and shows it until a retry', async () => {
    const store = new ResultStore('faces_found__gte=many');
    const failed = changed(store);
    store.show(0, 10);
    await failed;
    expect(store.error).toBeInstanceOf(ApiError);
    expect(store.error).toMatchObject({ status: 400, param: 'faces_found__gte' });
    expect(store.ready).toBe(true);
    const summary = store.getSummaryVersion();
    const again = changed(store);
    store.retry();
    await again;
    expect(store.error).toBeNull();
    await changed(store);
    expect(store.error?.status).toBe(400);
    expect(store.getSummaryVersion()).toBeGreaterThan(summary);
  });

  it('bumps the summary version only when the total, where or error change', async () => {
    const store = new ResultStore('faces_found=1');
    const first = changed(store);
    store.show(0, 10);
    await first;
    const version = store.getVersion();
    const summary = store.getSummaryVersion();
    await store.load(2 * WINDOW_SIZE);
    expect(store.getVersion()).toBeGreaterThan(version);
    expect(store.getSummaryVersion()).toBe(summary);
  });

  it('shows new marks on loaded frames at once, and the API’s after a refresh', async () => {
    const selection = createSelection(lib.db, { name: 'result-store marks', query: 'faces_found=0' });
    const query = `faces_found=3&_mark=${selection.id}`;
    const store = new ResultStore(query);
    await store.load(0);
    const first = store.frameAt(0)!;
    expect(first.selection).toBeNull();
    store.setMarks(new Set([`${first.film}:${first.frame}`]), 'included');
    expect(store.frameAt(0)!.selection).toBe('included');
    expect(store.frameAt(1)!.selection).toBeNull();

    applyChange(lib.db, selection.id, { action: 'exclude', frames: [{ film: first.film, frame: first.frame }] });
    store.show(0, 10);
    const refreshed = changed(store);
    store.refresh();
    await refreshed;
    expect(store.frameAt(0)!.selection).toBe(expected(query, 0, 1).frames[0].selection);
    expect(store.frameAt(0)!.selection).toBe('excluded');
  });
});

describe('resultStore cache', () => {
  it('gives the same store for a query while it is among the four most recent', () => {
    const a = resultStore('cache=a');
    expect(resultStore('cache=a')).toBe(a);
    for (const q of ['cache=b', 'cache=c', 'cache=d']) resultStore(q);
    expect(resultStore('cache=a')).toBe(a);
    for (const q of ['cache=e', 'cache=f', 'cache=g', 'cache=h']) resultStore(q);
    expect(resultStore('cache=a')).not.toBe(a);
  });

  it('after a curation action refreshes a store on screen and drops a cached one', async () => {
    const watched = resultStore('faces_found=0&refresh=1');
    const cached = resultStore('faces_found=0&refresh=2');
    const untouched = resultStore('faces_found=0&refresh=3');
    const stop = watched.subscribe(() => {});
    await watched.load(0);
    requests.length = 0;
    const refreshed = changed(watched);
    refreshStores((query) => query.includes('refresh=1') || query.includes('refresh=2'));
    await refreshed;
    stop();
    expect(requests.filter((url) => url.includes('refresh=1'))).toHaveLength(1);
    expect(resultStore('faces_found=0&refresh=1')).toBe(watched);
    expect(resultStore('faces_found=0&refresh=3')).toBe(untouched);
    expect(resultStore('faces_found=0&refresh=2')).not.toBe(cached);
  });
});
