/**
 * Reading one big face_df: Stillroom's reader against pandas.read_pickle on
 * the same 50,000-row file, alternating run by run, at protocols 4 and 5.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { readDataFramePickle } from '@/lib/pickle';
import { PYTHON, median, pythonWorker, table } from './lib/stats';

const ROWS = 50_000;

function ensureFile(protocol: number): string {
  const dir = path.resolve('data/bench');
  const file = path.join(dir, `face_df_${ROWS}.p${protocol}.pkl`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const made = spawnSync(PYTHON, ['scripts/bench/make_face_df.py', String(ROWS), file, String(protocol)], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error(`could not write ${file} with ${PYTHON}`);
  }
  return file;
}

export async function benchPickle(runs: number): Promise<string> {
  const pandas = pythonWorker('scripts/bench/pandas_reader.py');
  const version = await pandas.first();
  const rows: string[][] = [];
  for (const protocol of [4, 5]) {
    const file = ensureFile(protocol);
    const ours: number[] = [];
    const theirs: number[] = [];
    await readDataFramePickle(file); // warm the page cache and the JIT once for both
    await pandas.ask(file);
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await readDataFramePickle(file);
      ours.push(performance.now() - started);
      theirs.push(Number(await pandas.ask(file)) * 1000);
    }
    const a = median(ours);
    const b = median(theirs);
    rows.push([path.basename(file), a.toFixed(0), b.toFixed(0), `${(b / a).toFixed(2)}x`]);
  }
  pandas.stop();
  return [
    `Command: \`npm run bench:pickle\`. A realistic ${ROWS.toLocaleString('en')}-row face_df written by pandas ${version} (\`scripts/bench/make_face_df.py\`: 55 % of frames with 1-4 faces, each a box, a size and a 128-d float64 encoding; about 50 MB), read ${runs} times by each reader, alternating; pandas in one long-lived process, so its start-up is not timed; both include reading the file from the page cache.`,
    '',
    table(['file', 'Stillroom (median ms)', 'pandas.read_pickle (median ms)', 'pandas / Stillroom'], rows),
  ].join('\n');
}
