import { describe, expect, it } from 'vitest';
import { BatchedLookup } from '@/lib/ui/batched-lookup';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A fetcher that answers each key with its length and records what it was asked. */
function recorder(fail = false) {
  const calls: string[][] = [];
  const fetchBatch = async (keys: string[]) => {
    calls.push(keys);
    await tick(1);
    if (fail) throw new Error('server down');
    return Object.fromEntries(keys.filter((k) => k !== 'none').map((k) => [k, k.length]));
  };
  return { calls, fetchBatch };
}

describe('BatchedLookup', () => {
  it('gathers the wants of one moment into batches, asks once per key and keeps the answers', async () => {
    const { calls, fetchBatch } = recorder();
    const lookup = new BatchedLookup<number>(fetchBatch, { batchSize: 2, delayMs: 5, maxEntries: 100 });
    let notified = 0;
    lookup.subscribe(() => notified++);
    for (const key of ['a', 'bb', 'a', 'ccc', 'none']) lookup.want(key);
    expect(lookup.get('a')).toBeUndefined();
    await tick(30);
    expect(calls).toEqual([['a', 'bb'], ['ccc', 'none']]);
    expect(notified).toBe(2);
    expect([lookup.get('a'), lookup.get('bb'), lookup.get('ccc')]).toEqual([1, 2, 3]);
    // Left out of the answer: known to have nothing, not asked again.
    expect(lookup.get('none')).toBeNull();
    lookup.want('a');
    lookup.want('none');
    await tick(20);
    expect(calls).toHaveLength(2);
  });

  it('drops the oldest answers past its limit', async () => {
    const { fetchBatch } = recorder();
    const lookup = new BatchedLookup<number>(fetchBatch, { batchSize: 10, delayMs: 1, maxEntries: 2 });
    lookup.want('a');
    await tick(15);
    lookup.want('bb');
    lookup.want('ccc');
    await tick(15);
    expect([lookup.get('a'), lookup.get('bb'), lookup.get('ccc')]).toEqual([undefined, 2, 3]);
  });

  it('reports a failure and asks again for the same keys later', async () => {
    const { calls, fetchBatch } = recorder(true);
    const lookup = new BatchedLookup<number>(fetchBatch, { batchSize: 10, delayMs: 1, maxEntries: 10 });
    lookup.want('a');
    await tick(15);
    expect(lookup.error?.message).toBe('server down');
    expect(lookup.get('a')).toBeUndefined();
    lookup.want('a');
    await tick(15);
    expect(calls).toEqual([['a'], ['a']]);
  });

  it('answers nothing after dispose', async () => {
    const { calls, fetchBatch } = recorder();
    const lookup = new BatchedLookup<number>(fetchBatch, { batchSize: 10, delayMs: 5, maxEntries: 10 });
    lookup.want('a');
    lookup.dispose();
    lookup.want('bb');
    await tick(20);
    expect(calls).toEqual([]);
    expect(lookup.get('a')).toBeUndefined();
  });
});
