/**
 * Loads the columnar copy in a worker thread (./load-worker.ts), for the
 * server: reading a million frames takes seconds, during which the event
 * loop must keep answering (from SQLite). Imported by the custom server
 * only, never by Next's bundled routes, which find the loader through
 * ./engine's shared state instead.
 */
import { Worker } from 'node:worker_threads';
import type { LoadedColumns } from './engine';

export function loadInWorker(file: string): Promise<LoadedColumns> {
  // The worker runs TypeScript the way the server does: through tsx.
  const target = new URL('./load-worker.ts', import.meta.url).href;
  const code = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(target)}); })`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { file } });
    worker.once('message', (answer: LoadedColumns) => resolve(answer));
    worker.once('error', reject);
    worker.once('exit', (exitCode) => reject(new Error(`the columnar loader exited with code ${exitCode} before answering`)));
  });
}
