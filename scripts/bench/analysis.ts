/**
 * The background analysis (`npm run analyze`: palettes and the grid's
 * thumbnails at 240 and 320 px, the palette from the 240 px decode) against
 * vipsthumbnail making the same two thumbnails alone, on the same real-size
 * JPEGs and cores; then what it costs the server's clicks while it runs, the
 * way `npm start` runs it (its own process at nice 10).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '@/lib/db/connection';
import { PREGENERATED_WIDTHS } from '@/lib/thumb-widths';
import { CLICKS, clickHttp, clickRequests, prepareClicks, waitForColumnar } from './click';
import { benchLibrary } from './ingest';
import { giveFilmJpegs } from './jpegs';
import { ingestForBench, median, ms, percentile, table } from './lib/stats';
import { startServer } from './lib/server';

const FILM = 'bench_film_000_2020';
const COUNT = 2000;

function forgetAnalysis(dbFile: string, cacheDir: string): void {
  const db = openDatabase(dbFile);
  db.prepare('DELETE FROM frame_palettes').run();
  db.close();
  rmSync(cacheDir, { recursive: true, force: true });
}

function analyzeArgs(library: string, dbFile: string): string[] {
  return ['--import', 'tsx', 'scripts/analyze.ts', library, '--db', dbFile];
}

/** Seconds for `npm run analyze` over the library, whose one film with JPEGs is all it has to do. */
function timeAnalysis(library: string, dbFile: string, cacheDir: string): number {
  forgetAnalysis(dbFile, cacheDir);
  const started = performance.now();
  const result = spawnSync(process.execPath, analyzeArgs(library, dbFile), { env: { ...process.env, STILLROOM_CACHE: cacheDir }, encoding: 'utf8' });
  // Exit 1: the metadata-only films' frames are reported as JPEGs missing, as expected here.
  if (result.status !== 0 && result.status !== 1) throw new Error(`npm run analyze failed:\n${result.stderr.slice(-2000)}`);
  return (performance.now() - started) / 1000;
}

/** Seconds for vipsthumbnail to make both widths of every JPEG: one process per core, each over its share. */
function timeVips(jpegs: string, outDir: string): number {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = readdirSync(jpegs).map((name) => path.join(jpegs, name));
  const cores = os.cpus().length;
  const shares = Array.from({ length: cores }, (_, core) => files.filter((_, i) => i % cores === core));
  const script =
    shares
      .map((share) => `(${PREGENERATED_WIDTHS.map((width) => `vipsthumbnail ${share.join(' ')} -s ${width}x -o ${outDir}/%s_${width}.jpg[Q=80]`).join(' && ')}) &`)
      .join('\n') + '\nwait';
  const started = performance.now();
  // On standard input: one argument may not exceed 128 KiB, and two thousand paths do.
  const result = spawnSync('bash', [], { input: script, stdio: ['pipe', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`vipsthumbnail failed: ${result.error?.message ?? `exit code ${result.status}`}`);
  return (performance.now() - started) / 1000;
}

export async function benchAnalysis(runs: number): Promise<string> {
  if (spawnSync('which', ['vipsthumbnail']).status !== 0) throw new Error('vipsthumbnail is needed: apt-get install -y libvips-tools');
  const library = benchLibrary(100_005);
  const jpegs = await giveFilmJpegs(library, FILM, COUNT);
  const dbFile = path.resolve('data/bench/analysis.db');
  ingestForBench(library, dbFile);
  const cacheDir = path.resolve('data/bench/tmp/analysis-cache');
  const ours: number[] = [];
  const vips: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Alternating which goes first, so neither always finds the JPEGs in the page cache.
    if (run % 2) vips.push(timeVips(jpegs, path.resolve('data/bench/tmp/vips-out')));
    ours.push(timeAnalysis(library, dbFile, cacheDir));
    if (!(run % 2)) vips.push(timeVips(jpegs, path.resolve('data/bench/tmp/vips-out')));
  }
  const rate = COUNT / median(ours);

  // Clicks with the analysis idle, then while it runs as npm start runs it.
  const server = await startServer(library, dbFile, 3481);
  const idle: number[] = [];
  const during: number[] = [];
  let analysedWhileClicking = 0;
  try {
    await waitForColumnar(server);
    const db = openDatabase(dbFile, { readonly: true });
    const sel = await prepareClicks(server, db);
    db.close();
    // Two runs to warm up (compilation, the copy's first sort orders), then the idle sample.
    for (let run = 0; run < 8; run++) for (const click of CLICKS) (run < 2 ? [] : idle).push(await clickHttp(server, clickRequests(click.state(run, sel))));
    forgetAnalysis(dbFile, `${dbFile}.cache`);
    const analysis = spawn('nice', ['-n', '10', process.execPath, ...analyzeArgs(library, dbFile)], {
      env: { ...process.env, STILLROOM_CACHE: `${dbFile}.cache` },
      stdio: 'ignore',
    });
    const started = performance.now();
    for (let run = 8; analysis.exitCode === null && run < 400; run++) {
      for (const click of CLICKS) if (analysis.exitCode === null) during.push(await clickHttp(server, clickRequests(click.state(run, sel))));
    }
    analysedWhileClicking = (performance.now() - started) / 1000;
    if (analysis.exitCode === null) analysis.kill();
  } finally {
    server.stop();
  }
  return [
    `Command: \`npm run bench -- --only analysis\`. ${COUNT.toLocaleString('en')} real-size JPEGs (1920x800, a quarter letterboxed 1920x1080, 150-300 KB; \`scripts/bench/jpegs.ts\`) in one film of the 100k library. Stillroom: \`npm run analyze\` (palette and the ${PREGENERATED_WIDTHS[0]} px thumbnail from one decode, the ${PREGENERATED_WIDTHS[1]} px one from a second, written to the cache, at its default concurrency of one frame per core), from a cleared analysis each run; vipsthumbnail: one process per core over its share of the files, making the same two widths (JPEG quality 80), no palette. Median of ${runs} alternating runs.`,
    '',
    table(
      ['', 'seconds', 'frames/s', 'vipsthumbnail time / Stillroom time'],
      [
        ['Stillroom: palettes + 2 thumbnails', median(ours).toFixed(1), rate.toFixed(0), `${(median(vips) / median(ours)).toFixed(2)}x`],
        ['vipsthumbnail: 2 thumbnails', median(vips).toFixed(1), (COUNT / median(vips)).toFixed(0), '1.00x'],
      ],
    ),
    '',
    `At that rate the first analysis of 100,000 frames takes ${(100_000 / rate / 60).toFixed(0)} minutes, of 1,000,000 frames ${(1_000_000 / rate / 3600).toFixed(1)} hours (later starts only analyse new or changed JPEGs).`,
    '',
    `Clicks (the click section's sequence, through HTTP) on the production server over the same library, ${idle.length} with the analysis idle, then ${during.length} while \`npm start\`'s background analysis (nice 10, its own process) re-analysed the ${COUNT.toLocaleString('en')} frames (${analysedWhileClicking.toFixed(0)} s):`,
    '',
    table(
      ['', 'clicks', 'p50 ms', 'p95 ms', 'max ms'],
      [
        ['analysis idle', String(idle.length), ms(median(idle)), ms(percentile(idle, 95)), ms(Math.max(...idle))],
        ['analysis running', String(during.length), ms(median(during)), ms(percentile(during, 95)), ms(Math.max(...during))],
      ],
    ),
  ].join('\n');
}
