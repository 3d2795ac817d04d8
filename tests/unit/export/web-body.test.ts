/**
 * The download's body: what the zip writer writes comes out of the web
 * ReadableStream unchanged and in order, a writer is held back while
 * nobody reads, a closed download closes the writer, and a failed export
 * errors the body instead of ending it.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { expect, it } from 'vitest';
import { webBodyStream } from '@/lib/export/web-body';

const MB = 1024 * 1024;

async function readAll(body: ReadableStream<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) parts.push(chunk);
  return Buffer.concat(parts);
}

it('passes the chunks through unchanged and ends when the last has been read', async () => {
  const { writable, body } = webBodyStream();
  const chunks = Array.from({ length: 40 }, (_, i) => randomBytes(1 + i * 7919));
  const reading = readAll(body);
  for (const chunk of chunks) if (!writable.write(chunk)) await once(writable, 'drain');
  writable.end();
  await once(writable, 'finish');
  expect((await reading).equals(Buffer.concat(chunks))).toBe(true);
});

it('holds the writer back while nobody reads', async () => {
  const { writable, body } = webBodyStream();
  let written = 0;
  const chunk = randomBytes(256 * 1024);
  // 16 MB offered, nothing read: the writes that complete stop at the body's queue plus the writable's buffer.
  for (let i = 0; i < 64; i++) writable.write(chunk, () => (written += chunk.length));
  for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThanOrEqual(MB);
  const reading = readAll(body);
  writable.end();
  expect((await reading).length).toBe(64 * chunk.length);
  expect(written).toBe(64 * chunk.length);
});

it('closes the writer when the download is cancelled', async () => {
  const { writable, body } = webBodyStream();
  const errors: Error[] = [];
  writable.on('error', (error) => errors.push(error));
  const closed = new Promise((resolve) => writable.on('close', resolve));
  await body.cancel(new Error('the browser went away'));
  await closed;
  expect(writable.destroyed).toBe(true);
  expect(errors.map((error) => error.message)).toEqual(['the browser went away']);
});

it('errors the body when the writer is destroyed with an error', async () => {
  const { writable, body } = webBodyStream();
  writable.on('error', () => {});
  writable.write(Buffer.from('the first bytes'));
  writable.destroy(new Error('the export failed'));
  await expect(readAll(body)).rejects.toThrow('the export failed');
});
