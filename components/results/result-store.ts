/**
 * The current results, fetched in windows by offset as the grid or table
 * scrolls: only the windows near what is on screen are requested, requests
 * for windows scrolled past are cancelled, and far-away windows are dropped.
 * One store per API query, kept in a small cache so back/forward to a recent
 * query shows its frames at once.
 */
import type { FramesPage } from '@/lib/query/frames';
import { ApiError, asApiError, fetchJson, isAbort } from '../fetch-json';

export type Frame = FramesPage['frames'][number];

export const WINDOW_SIZE = 200;
const KEEP_WINDOWS = 24;
const KEEP_STORES = 4;
/** The API's largest page, for ranges beyond the loaded windows. */
const FETCH_PAGE = 1000;

interface Loading {
  controller: AbortController;
  promise: Promise<void>;
  /** Someone awaits this window (frame stepping): not cancelled by scrolling. */
  pinned: boolean;
}

export class ResultStore {
  total: number | null = null;
  where = '';
  error: ApiError | null = null;
  private windows = new Map<number, Frame[]>();
  private loading = new Map<number, Loading>();
  private wanted: [number, number] = [0, 1];
  private listeners = new Set<() => void>();
  private version = 0;
  private summaryVersion = 0;
  private summary = '';

  constructor(readonly query: string) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Changes with anything loaded: what draws frames subscribes to this. */
  getVersion = (): number => this.version;

  /**
   * Changes only with the total, the `where` sentence or the error: the page
   * around the results subscribes to this, so a window arriving while the
   * grid scrolls re-renders the grid, not the sidebar.
   */
  getSummaryVersion = (): number => this.summaryVersion;

  /** Something on screen draws this store. */
  get watched(): boolean {
    return this.listeners.size > 0;
  }

  get ready(): boolean {
    return this.total !== null || this.error !== null;
  }

  private notify(): void {
    this.version++;
    const summary = JSON.stringify([this.total, this.where, this.error?.message ?? null]);
    if (summary !== this.summary) {
      this.summary = summary;
      this.summaryVersion++;
    }
    for (const listener of this.listeners) listener();
  }

  frameAt(index: number): Frame | undefined {
    return this.windows.get(Math.floor(index / WINDOW_SIZE))?.[index % WINDOW_SIZE];
  }

  /** The index of a frame among the loaded windows, or -1. */
  indexOf(film: string, frame: number): number {
    for (const [w, frames] of this.windows) {
      const i = frames.findIndex((f) => f.film === film && f.frame === frame);
      if (i >= 0) return w * WINDOW_SIZE + i;
    }
    return -1;
  }

  /** Shows [start, end): loads the windows covering it and cancels unpinned loads outside it. */
  show(start: number, end: number): void {
    this.wanted = [Math.max(0, start), Math.max(start + 1, end)];
    const first = Math.floor(this.wanted[0] / WINDOW_SIZE);
    const last = Math.floor((this.wanted[1] - 1) / WINDOW_SIZE);
    for (const [w, load] of this.loading) {
      if (!load.pinned && (w < first || w > last)) {
        load.controller.abort();
        this.loading.delete(w);
      }
    }
    if (this.error) return;
    for (let w = first; w <= last; w++) {
      if (this.total !== null && w * WINDOW_SIZE >= this.total) break;
      if (!this.windows.has(w)) void this.fetchWindow(w, false);
    }
  }

  /** The frame at `index`, fetching its window if needed; undefined beyond the end. */
  async load(index: number): Promise<Frame | undefined> {
    const w = Math.floor(index / WINDOW_SIZE);
    if (!this.windows.has(w)) await this.fetchWindow(w, true);
    return this.frameAt(index);
  }

  /** Loads what was last shown again, after an error. */
  retry(): void {
    this.error = null;
    this.notify();
    this.show(...this.wanted);
  }

  /**
   * Fetches what is shown again, after a curation action changed the marks
   * (or, under an `_in_selection` filter, the results themselves). The old
   * frames stay on screen until their window's new answer replaces them.
   */
  refresh(): void {
    this.pause();
    const first = Math.floor(this.wanted[0] / WINDOW_SIZE);
    const last = Math.floor((this.wanted[1] - 1) / WINDOW_SIZE);
    for (const w of [...this.windows.keys()]) if (w < first || w > last) this.windows.delete(w);
    this.error = null;
    for (let w = first; w <= last; w++) {
      if (this.total !== null && w > 0 && w * WINDOW_SIZE >= this.total) break;
      void this.fetchWindow(w, false);
    }
  }

  /** Shows new marks on loaded frames at once, while the API records the change. */
  setMarks(keys: ReadonlySet<string>, mark: Frame['selection']): void {
    for (const [w, frames] of this.windows) {
      if (frames.some((f) => keys.has(`${f.film}:${f.frame}`))) {
        this.windows.set(w, frames.map((f) => (keys.has(`${f.film}:${f.frame}`) ? { ...f, selection: mark } : f)));
      }
    }
    this.notify();
  }

  /** The frames at [start, end), in result order, fetching (in pages of up to 1,000) what is not loaded. */
  async framesBetween(start: number, end: number, signal?: AbortSignal): Promise<Frame[]> {
    const out: Frame[] = [];
    for (let i = start; i < end; ) {
      const loaded = this.frameAt(i);
      if (loaded) {
        out.push(loaded);
        i++;
        continue;
      }
      const size = Math.min(FETCH_PAGE, end - i);
      const page = await fetchJson<FramesPage>(`/api/frames?${this.query}${this.query ? '&' : ''}_offset=${i}&_size=${size}`, signal);
      if (page.frames.length === 0) break;
      out.push(...page.frames);
      i += page.frames.length;
    }
    return out;
  }

  /** Cancels every load; a later show() or load() starts again. */
  pause(): void {
    for (const load of this.loading.values()) load.controller.abort();
    this.loading.clear();
  }

  private fetchWindow(w: number, pinned: boolean): Promise<void> {
    const current = this.loading.get(w);
    if (current) {
      current.pinned ||= pinned;
      return current.promise;
    }
    const controller = new AbortController();
    const url = `/api/frames?${this.query}${this.query ? '&' : ''}_offset=${w * WINDOW_SIZE}&_size=${WINDOW_SIZE}`;
    const promise = fetchJson<FramesPage>(url, controller.signal).then(
      (page) => {
        this.loading.delete(w);
        this.windows.set(w, page.frames);
        this.total = page.total;
        this.where = page.where;
        this.error = null;
        this.evict(w);
        this.notify();
      },
      (error: unknown) => {
        if (this.loading.get(w)?.controller === controller) this.loading.delete(w);
        if (isAbort(error)) return;
        this.error = asApiError(error);
        this.notify();
      },
    );
    this.loading.set(w, { controller, promise, pinned });
    return promise;
  }

  /** Drops the windows farthest from what is wanted once more than KEEP_WINDOWS are held. */
  private evict(justLoaded: number): void {
    if (this.windows.size <= KEEP_WINDOWS) return;
    const centre = Math.floor((this.wanted[0] + this.wanted[1]) / 2 / WINDOW_SIZE);
    const byDistance = [...this.windows.keys()].filter((w) => w !== justLoaded).sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const w of byDistance.slice(0, this.windows.size - KEEP_WINDOWS)) this.windows.delete(w);
  }
}

const stores = new Map<string, ResultStore>();

/**
 * After a curation action: the stores on screen whose query involves the
 * selection fetch again; cached ones that do are dropped, so Back never
 * shows marks from before the change.
 */
export function refreshStores(involves: (query: string) => boolean): void {
  for (const [query, store] of stores) {
    if (!involves(query)) continue;
    if (store.watched) store.refresh();
    else {
      store.pause();
      stores.delete(query);
    }
  }
}

/** The store for an API query, most recently used kept last; the oldest beyond KEEP_STORES are paused and dropped. */
export function resultStore(query: string): ResultStore {
  let store = stores.get(query);
  if (store) stores.delete(query);
  else store = new ResultStore(query);
  stores.set(query, store);
  for (const [key, old] of stores) {
    if (stores.size <= KEEP_STORES) break;
    old.pause();
    stores.delete(key);
  }
  return store;
}
