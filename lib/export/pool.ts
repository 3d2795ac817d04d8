/**
 * Runs `work` on each item in the order the items come, with up to
 * `concurrency` of them in flight: a folder overlaps its file copies (and
 * sharp its conversions), a zip or shard reads ahead of its entries. The
 * first failure stops it; it throws only once nothing is in flight any more,
 * so the caller may remove what was written.
 */
export async function inOrder<T>(items: AsyncIterable<T>, concurrency: number, work: (item: T) => Promise<void>, beforeEach: () => void = () => {}): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  const failures: unknown[] = [];
  try {
    for await (const item of items) {
      beforeEach();
      const task: Promise<void> = work(item)
        .catch((error: unknown) => void failures.push(error))
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failures.length > 0) throw failures[0];
    }
    await Promise.all(inFlight);
    if (failures.length > 0) throw failures[0];
  } catch (error) {
    // Let the items still being written finish (or fail) first.
    await Promise.allSettled(inFlight);
    throw error;
  }
}
