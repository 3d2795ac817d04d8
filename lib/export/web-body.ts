/**
 * A Node Writable whose bytes come out of a web ReadableStream: the zip
 * writer writes into one end, the HTTP response (a Response body) reads
 * from the other. It replaces a PassThrough behind Readable.toWeb, which
 * copied every chunk into a fresh Uint8Array (2 GB of copies, and as much
 * garbage, for a 2 GB zip) and stacked a second buffer in between.
 *
 * Chunks are handed over as they are, without a copy: the zip writer never
 * reuses a buffer it has written. A write completes only while the body's
 * queue is below QUEUED bytes, so a slow reader holds the writer back.
 */
import { Writable } from 'node:stream';

/** Bytes the body may hold that the response has not read yet. */
const QUEUED = 1024 * 1024;

export function webBodyStream(): { writable: Writable; body: ReadableStream<Uint8Array> } {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  /** The write (or the end) waiting for the reader to take what is queued. */
  let waiting: (() => void) | null = null;
  const wake = () => {
    const resume = waiting;
    waiting = null;
    resume?.();
  };

  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull: wake,
      cancel(reason) {
        // The response went away (the browser closed the download): the writer sees its destination close.
        writable.destroy(reason instanceof Error ? reason : undefined);
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: QUEUED }),
  );

  const writable = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      controller.enqueue(chunk);
      if ((controller.desiredSize ?? 0) > 0) callback();
      else waiting = callback;
    },
    final(callback) {
      // Ends once the reader has taken every chunk, as a PassThrough ends when it has been read.
      const close = () => {
        controller.close();
        callback();
      };
      if (controller.desiredSize === QUEUED) close();
      else waiting = close;
    },
    destroy(error, callback) {
      waiting = null;
      // An export that fails midway errors the body, so the browser shows a failed download, not a short zip.
      try {
        if (error) controller.error(error);
        else controller.close();
      } catch {
        // already closed or cancelled
      }
      callback(error);
    },
  });
  return { writable, body };
}
