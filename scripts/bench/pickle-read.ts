/**
 * npm run bench:pickle [-- --rows 50000 --runs 7]
 * Reads the same face_df pickle with Stillroom's reader and with
 * pandas.read_pickle, alternating run by run in one process pair, and prints
 * the medians and their ratio. Needs Debian's python3-pandas to write the
 * file and to time pandas (/usr/bin/python3).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { readDataFramePickle } from '@/lib/pickle';

const PYTHON = process.env.STILLROOM_BENCH_PYTHON ?? '/usr/bin/python3';
const { values } = parseArgs({ options: { rows: { type: 'string', default: '50000' }, runs: { type: 'string', default: '7' } } });
const rows = Number(values.rows);
const runs = Number(values.runs);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function ensureFile(protocol: number): string {
  const dir = path.resolve('data/bench');
  const file = path.join(dir, `face_df_${rows}.p${protocol}.pkl`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const made = spawnSync(PYTHON, ['scripts/bench/make_face_df.py', String(rows), file, String(protocol)], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error(`could not write ${file} with ${PYTHON}: install python3-pandas (apt-get install python3-pandas)`);
  }
  return file;
}

/** One long-lived pandas process, so its start-up is not timed. */
function startPandas() {
  const child = spawn(PYTHON, ['scripts/bench/pandas_reader.py'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => String((await lines.next()).value);
  return {
    version: next(),
    read: async (file: string) => {
      child.stdin.write(`${file}\n`);
      return Number(await next()) * 1000;
    },
    stop: () => child.stdin.end(),
  };
}

async function main() {
  const pandas = startPandas();
  console.log(`face_df, ${rows.toLocaleString('en')} rows, ${runs} runs each, alternating; pandas ${await pandas.version}, node ${process.version}\n`);
  console.log('| file | Stillroom (median ms) | pandas.read_pickle (median ms) | pandas / Stillroom |');
  console.log('|---|---|---|---|');
  for (const protocol of [4, 5]) {
    const file = ensureFile(protocol);
    const ours: number[] = [];
    const theirs: number[] = [];
    await readDataFramePickle(file); // warm both file caches and the JIT the same way
    await pandas.read(file);
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      await readDataFramePickle(file);
      ours.push(performance.now() - started);
      theirs.push(await pandas.read(file));
    }
    const a = median(ours);
    const b = median(theirs);
    console.log(`| ${path.basename(file)} | ${a.toFixed(0)} | ${b.toFixed(0)} | ${(b / a).toFixed(2)}x |`);
  }
  pandas.stop();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
