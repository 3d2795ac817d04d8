/**
 * Reads the columnar copy off the server's event loop: a worker thread with
 * its own read-only connection, handing the arrays back without copying them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@/lib/db/connection';
import { loadFrameColumns } from './load';

const db = openDatabase((workerData as { file: string }).file, { readonly: true });
try {
  const frames = loadFrameColumns(db);
  const buffers = Object.values(frames.columns).flatMap((column) => [
    column.codes.buffer,
    column.counts.buffer,
    ...(column.values instanceof Float64Array ? [column.values.buffer] : []),
  ]);
  parentPort!.postMessage(frames, buffers as ArrayBuffer[]);
} finally {
  db.close();
}
