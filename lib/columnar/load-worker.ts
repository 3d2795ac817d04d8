/**
 * Reads the columnar copy off the server's event loop: a worker thread with
 * its own read-only connection, taking the saved copy beside the database
 * when it matches (./cache-file.ts), else reading every row and saving the
 * result for the next start. The arrays go back to the server without a copy.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '@/lib/db/connection';
import { loadColumnsWithCache } from './cache-file';

const { file } = workerData as { file: string };
const db = openDatabase(file, { readonly: true });
try {
  const { frames, source } = loadColumnsWithCache(db, file);
  const buffers = new Set<ArrayBuffer>();
  for (const column of Object.values(frames.columns)) {
    for (const array of [column.codes, column.counts, column.values]) if (!Array.isArray(array)) buffers.add(array.buffer as ArrayBuffer);
  }
  parentPort!.postMessage({ frames, source }, [...buffers]);
} finally {
  db.close();
}
