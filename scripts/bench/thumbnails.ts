/**
 * Thumbnails: cold throughput of lib/thumbnails.ts (sharp) over 1,000
 * real-size JPEGs against libvips' own CLI, vipsthumbnail, on the same
 * files and cores; then cached thumbnails read back from the disk cache
 * (what a thumbnail not in the server's memory costs), and warm requests per
 * second through HTTP under concurrent load, measured with wrk.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { thumbnail } from '@/lib/thumbnails';
import { benchLibrary } from './ingest';
import { giveFilmJpegs } from './jpegs';
import { median, table } from './lib/stats';
import { serverRssMiB, startServer } from './lib/server';

const COUNT = 1000;
const WIDTH = 320;
const FILM = 'bench_film_000_2020';

async function ours(library: string, cacheDir: string, concurrency: number): Promise<number> {
  rmSync(cacheDir, { recursive: true, force: true });
  let next = 1;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next <= COUNT) await thumbnail(library, cacheDir, FILM, next++, WIDTH);
    }),
  );
  return COUNT / ((performance.now() - started) / 1000);
}

/** Disk-cache hits: every thumbnail already in `cacheDir`, read back with `concurrency` in flight. */
async function diskHits(library: string, cacheDir: string, concurrency: number): Promise<number> {
  let next = 1;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next <= COUNT) {
        const thumb = await thumbnail(library, cacheDir, FILM, next++, WIDTH);
        if (thumb === null || thumb.placeholder) throw new Error('a cached thumbnail is missing');
      }
    }),
  );
  return COUNT / ((performance.now() - started) / 1000);
}

function vips(dir: string, outDir: string, processes: number): number {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const files = Array.from({ length: COUNT }, (_, i) => path.join(dir, `${FILM}_frame_${i + 1}.jpg`));
  const started = performance.now();
  const children = Array.from({ length: processes }, (_, p) => files.filter((_, i) => i % processes === p));
  // One vipsthumbnail per core, each over its share of the files, like xargs -P.
  const script = children.map((share) => `vipsthumbnail ${share.join(' ')} -s ${WIDTH}x -o ${outDir}/%s.jpg[Q=80] &`).join('\n') + '\nwait';
  const result = spawnSync('bash', ['-c', script], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('vipsthumbnail failed');
  return COUNT / ((performance.now() - started) / 1000);
}

function ensureWrk(): void {
  if (spawnSync('which', ['wrk']).status === 0) return;
  if (process.getuid?.() === 0) {
    spawnSync('bash', ['-c', 'apt-get update -qq && apt-get install -y -qq wrk'], { stdio: 'inherit' });
    if (spawnSync('which', ['wrk']).status === 0) return;
  }
  throw new Error('wrk is needed for the warm thumbnail benchmark: apt-get install -y wrk');
}

export async function benchThumbnails(runs: number): Promise<string> {
  if (spawnSync('which', ['vipsthumbnail']).status !== 0) throw new Error('vipsthumbnail is needed: apt-get install -y libvips-tools');
  ensureWrk();
  const library = benchLibrary(100_005);
  const dir = await giveFilmJpegs(library, FILM, COUNT);
  const cores = os.cpus().length;
  const cacheDir = path.resolve('data/bench/tmp/thumb-cache');
  const a: number[] = [];
  const b: number[] = [];
  for (let run = 0; run < runs; run++) {
    a.push(await ours(library, cacheDir, cores * 2));
    b.push(vips(dir, path.resolve('data/bench/tmp/vips-out'), cores));
  }
  const cold = median(a);
  const reference = median(b);
  const hits: number[] = [];
  for (let run = 0; run < runs; run++) hits.push(await diskHits(library, cacheDir, 64));

  const server = await startServer(library, path.resolve('data/bench/thumbs.db'), 3320);
  let warm = '';
  try {
    const lua = path.resolve('data/bench/tmp/thumbs.lua');
    writeFileSync(lua, `counter = 0\nrequest = function()\n  counter = counter % ${COUNT} + 1\n  return wrk.format("GET", "/api/frames/${FILM}/" .. counter .. "/thumb?w=${WIDTH}")\nend\n`);
    // Warm the cache through the server itself, then load it.
    spawnSync('wrk', ['-t1', '-c4', '-d5s', '-s', lua, server.url], { encoding: 'utf8' });
    const before = serverRssMiB(server.pid);
    const samples: number[] = [];
    for (let run = 0; run < 3; run++) {
      const out = spawnSync('wrk', ['-t2', '-c64', '-d8s', '-s', lua, server.url], { encoding: 'utf8' }).stdout;
      const rate = /Requests\/sec:\s+([\d.]+)/.exec(out);
      if (!rate || /Non-2xx/.test(out)) throw new Error(`wrk failed:\n${out}`);
      samples.push(Number(rate[1]));
    }
    const after = serverRssMiB(server.pid);
    warm = `Warm: ${median(samples).toFixed(0)} requests/s (median of 3 wrk runs, 2 threads, 64 connections, 8 s, cycling over the ${COUNT} cached thumbnails through \`/api/frames/<film>/<frame>/thumb?w=${WIDTH}\`, which the server answers from its memory of recent thumbnails; wrk shares the 2 cores with the server). Server memory ${before.toFixed(0)} MiB before, ${after.toFixed(0)} MiB after.`;
  } finally {
    server.stop();
  }
  return [
    `Command: \`npm run bench -- --only thumbnails\`. ${COUNT} JPEGs of 1920x800 (a quarter letterboxed 1920x1080), 150-300 KB, made by \`scripts/bench/jpegs.ts\`; thumbnails ${WIDTH} px wide, JPEG quality 80, from a cold cache each run (written to disk, as the server does). Stillroom: \`thumbnail()\` from lib/thumbnails.ts with ${cores * 2} requests in flight; vipsthumbnail: ${cores} processes, each over its share of the files. Median of ${runs} alternating runs.`,
    '',
    table(['', 'cold thumbnails/s', 'vs vipsthumbnail'], [
      ['Stillroom (sharp)', cold.toFixed(0), `${(cold / reference).toFixed(2)}x`],
      ['vipsthumbnail', reference.toFixed(0), '1.00x'],
    ]),
    '',
    `Disk-cache hits: ${median(hits).toFixed(0)} thumbnails/s (\`thumbnail()\` in-process, no HTTP, 64 in flight, over the ${COUNT} thumbnails the cold runs left on disk; median of ${runs}): what a thumbnail costs that the server no longer holds in memory, as after a restart.`,
    '',
    warm,
  ].join('\n');
}
