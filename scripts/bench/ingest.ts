/**
 * Ingest at scale: frames per second and peak memory of `npm run ingest` on
 * synthetic libraries of 100k and 1M frames (metadata only), and pickle
 * parsing alone against pandas.read_pickle on the same files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { readDataFramePickle } from '@/lib/pickle';
import { PYTHON, median, ms, pythonWorker, run, table } from './lib/stats';

const FRAMES_PER_FILM = 6667;

export function benchLibrary(frames: number): string {
  const root = path.resolve(`data/bench/lib${frames >= 1e6 ? `${Math.round(frames / 1e6)}m` : `${Math.round(frames / 1e3)}k`}`);
  const films = Math.round(frames / FRAMES_PER_FILM);
  const made = existsSync(path.join(root, 'serialized_objects')) ? readdirSync(path.join(root, 'serialized_objects')).length : 0;
  if (made < films && frames >= 1e7) {
    // Ten times the 1M library's films under other names, hard-linked: the same pandas-written files
    // and distributions, without an hour of pandas and 10 GB more disk.
    const source = benchLibrary(1_000_050);
    for (const film of readdirSync(path.join(source, 'serialized_objects'))) {
      for (let copy = 0; copy < Math.round(films / 150); copy++) {
        const name = film.replace(/_2020$/, `_20${30 + copy}`);
        for (const dir of ['serialized_objects', 'frame_per_second']) {
          const from = path.join(source, dir, film);
          const to = path.join(root, dir, name);
          if (existsSync(from) && !existsSync(to)) {
            mkdirSync(path.dirname(to), { recursive: true });
            run('cp', ['-al', from, to]);
          }
        }
      }
    }
  } else if (made < films) {
    console.error(`writing a ${films}-film library to ${root} with pandas ...`);
    const result = spawnSync(PYTHON, ['scripts/bench/make_library.py', root, String(films), String(FRAMES_PER_FILM)], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error('make_library.py failed');
  }
  return root;
}

/** One ingest in a fresh process: wall seconds and peak resident memory from GNU time. */
function timedIngest(root: string, db: string): { seconds: number; peakMiB: number } {
  rmSync(path.dirname(db), { recursive: true, force: true });
  mkdirSync(path.dirname(db), { recursive: true });
  const result = spawnSync('/usr/bin/time', ['-f', 'BENCH %e %M', process.execPath, '--import', 'tsx', 'scripts/ingest.ts', root, '--db', db], {
    encoding: 'utf8',
  });
  const match = /BENCH ([\d.]+) (\d+)/.exec(result.stderr);
  if (!match) throw new Error(`ingest of ${root} failed:\n${result.stderr.slice(-2000)}`);
  return { seconds: Number(match[1]), peakMiB: Number(match[2]) / 1024 };
}

export async function benchIngest(sizes: number[], runs: number): Promise<string> {
  const rows: string[][] = [];
  for (const frames of sizes) {
    const root = benchLibrary(frames);
    const samples = Array.from({ length: frames >= 1e6 ? Math.min(runs, 3) : runs }, () => timedIngest(root, path.resolve('data/bench/tmp/ingest.db')));
    const seconds = median(samples.map((s) => s.seconds));
    const peak = Math.max(...samples.map((s) => s.peakMiB));
    rows.push([frames.toLocaleString('en'), `${seconds.toFixed(1)} s`, Math.round(frames / seconds).toLocaleString('en'), `${peak.toFixed(0)} MiB`]);
  }

  // Parsing alone, on the same files, alternating readers file by file.
  const root = benchLibrary(100_005);
  const files = readdirSync(path.join(root, 'serialized_objects'))
    .sort()
    .flatMap((film) => ['face_df', 'vision_df', 'srt_df'].map((name) => path.join(root, 'serialized_objects', film, `${name}.pkl`)));
  const pandas = pythonWorker('scripts/bench/pandas_reader.py');
  const version = await pandas.first();
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let run = 0; run < runs; run++) {
    let a = 0;
    let b = 0;
    for (const file of files) {
      const started = performance.now();
      await readDataFramePickle(file);
      a += performance.now() - started;
      b += Number(await pandas.ask(file)) * 1000;
    }
    ours.push(a);
    theirs.push(b);
  }
  pandas.stop();
  const a = median(ours);
  const b = median(theirs);
  return [
    `Command: \`npm run bench -- --only ingest\`. Libraries of 6,667-frame films written by \`scripts/bench/make_library.py\` (pandas 1.5, protocol 4, metadata only: every row is flagged "without JPEG", which costs one directory listing per film). Each ingest is a fresh \`npm run ingest\` process into an empty database; median of ${runs} runs (3 at 1M), peak RSS from GNU time.`,
    '',
    table(['frames', 'ingest time (median)', 'frames/s', 'peak memory'], rows),
    '',
    `Parsing alone: the ${files.length} pickles of the 100k library (face_df, vision_df and srt_df of ${files.length / 3} films), read by each reader in turn file by file, median of ${runs} runs: Stillroom ${ms(a)} ms, pandas ${version} \`read_pickle\` ${ms(b)} ms: **pandas / Stillroom = ${(b / a).toFixed(2)}x**.`,
  ].join('\n');
}
