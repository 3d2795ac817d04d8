/**
 * Per-frame facts fetched for the tiles on screen (palettes, matching
 * dialogue lines), one request per batch rather than one per tile: each tile
 * says which frame it wants, the wants of one render are gathered for a few
 * milliseconds and asked for together. Answers are kept (the oldest dropped
 * past a limit), so scrolling back shows them at once.
 */

/** Fetches the values of some keys; a key missing from the answer is taken as null (nothing to show). */
export type FetchBatch<T> = (keys: string[], signal: AbortSignal) => Promise<Record<string, T | null>>;

export interface BatchOptions {
  /** Keys per request. */
  batchSize: number;
  /** How long wants are gathered before asking. */
  delayMs: number;
  /** Answers kept; the oldest are dropped beyond this. */
  maxEntries: number;
}

export const DEFAULT_BATCH_OPTIONS: BatchOptions = { batchSize: 200, delayMs: 25, maxEntries: 5000 };

export class BatchedLookup<T> {
  private readonly values = new Map<string, T | null>();
  private readonly queued = new Set<string>();
  private readonly asked = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private readonly controller = new AbortController();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The last failure, for the UI to say why nothing shows. */
  error: Error | null = null;

  constructor(
    private readonly fetchBatch: FetchBatch<T>,
    private readonly options: BatchOptions = DEFAULT_BATCH_OPTIONS,
  ) {}

  /** The value of a key: undefined while unknown, null when there is none. */
  get = (key: string): T | null | undefined => this.values.get(key);

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Asks for a key, in the next batch, unless it is known or already asked for. */
  want(key: string): void {
    if (this.controller.signal.aborted || this.values.has(key) || this.asked.has(key) || this.queued.has(key)) return;
    this.queued.add(key);
    this.timer ??= setTimeout(() => this.flush(), this.options.delayMs);
  }

  /** Cancels what is on its way; the lookup answers nothing new afterwards. */
  dispose(): void {
    this.controller.abort();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.queued.clear();
  }

  private flush(): void {
    this.timer = null;
    const keys = [...this.queued];
    this.queued.clear();
    for (let i = 0; i < keys.length; i += this.options.batchSize) void this.ask(keys.slice(i, i + this.options.batchSize));
  }

  private async ask(keys: string[]): Promise<void> {
    for (const key of keys) this.asked.add(key);
    try {
      const answer = await this.fetchBatch(keys, this.controller.signal);
      if (this.controller.signal.aborted) return;
      for (const key of keys) {
        this.values.delete(key);
        this.values.set(key, answer[key] ?? null);
      }
      this.error = null;
      this.evict();
    } catch (error) {
      if (this.controller.signal.aborted) return;
      this.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      // A failed key may be asked for again by the next tile that wants it.
      for (const key of keys) this.asked.delete(key);
    }
    for (const listener of this.listeners) listener();
  }

  private evict(): void {
    const excess = this.values.size - this.options.maxEntries;
    if (excess <= 0) return;
    let dropped = 0;
    for (const key of this.values.keys()) {
      if (dropped++ >= excess) break;
      this.values.delete(key);
    }
  }
}
