/**
 * npm run analyze -- [LIBRARY] [--db FILE] [--concurrency N]
 * Computes the colour palette of every ingested frame's JPEG (docs/search.md).
 * Resumable: frames whose JPEG is unchanged since their palette was computed
 * are skipped, and Ctrl-C stops after writing what is done. Exit code 1 when
 * a JPEG could not be analysed or is missing, 2 on bad usage, 130 when
 * interrupted.
 */
import os from 'node:os';
import { Progress } from '@/lib/cli/progress';
import { runCli, usageError } from '@/lib/cli/run';
import { readCliConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db/connection';
import { analyzeLibrary } from '@/lib/palette/analyze';

const SHOWN_PROBLEMS = 20;

runCli({
  usage: 'usage: npm run analyze -- [LIBRARY] [--db FILE] [--concurrency N]   (or set STILLROOM_LIBRARY / STILLROOM_DB; without either, the demo library)',
  options: { db: { type: 'string' }, concurrency: { type: 'string' } },
  interruptible: true,
  async run({ values, positionals, signal, elapsed }) {
    const concurrency = values.concurrency === undefined ? os.availableParallelism() : Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      usageError('--concurrency', `must be a whole number from 1 to 256, got ${JSON.stringify(values.concurrency)}`);
    }
    // Like `npm start`, no library means the demo library (already rendered and ingested by a start).
    const config = readCliConfig(positionals[0], values.db);
    const db = openDatabase(config.dbFile);
    const progress = new Progress();
    let report;
    try {
      report = await analyzeLibrary(db, config.libraryRoot, {
        concurrency,
        signal,
        thumbnailCache: config.cacheDir,
        onProgress: (p) =>
          progress.update({ done: p.done, total: p.total, label: `frames  ${p.computed.toLocaleString('en')} analysed  ${p.skipped.toLocaleString('en')} unchanged  ${p.film}` }),
      });
    } finally {
      progress.done();
      db.close();
    }
    for (const problem of report.problems.slice(0, SHOWN_PROBLEMS)) console.error(`PROBLEM ${problem}`);
    if (report.problems.length > SHOWN_PROBLEMS) console.error(`... and ${report.problems.length - SHOWN_PROBLEMS} more problems`);
    console.log(
      `${report.computed.toLocaleString('en')} palettes computed, ${report.hashed.toLocaleString('en')} hashes computed, ${report.thumbnails.toLocaleString('en')} thumbnails cached, ${report.skipped.toLocaleString('en')} unchanged, ${report.failed} failed, ${report.missing} JPEGs missing ` +
        `of ${report.total.toLocaleString('en')} frames in ${elapsed()} -> ${config.dbFile}` +
        (report.aborted ? ' (interrupted: run it again to finish)' : ''),
    );
    if (report.aborted) return 130;
    return report.failed + report.missing > 0 ? 1 : 0;
  },
});
