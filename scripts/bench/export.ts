/**
 * Export: 10,000 real-size frames to a folder and to a zip with
 * `npm run export`, against `cp` and Info-ZIP's `zip -0` on the same files,
 * and the server's memory while it streams the same zip as a download.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { benchLibrary } from './ingest';
import { giveFilmJpegs } from './jpegs';
import { ingestForBench, median, table } from './lib/stats';
import { serverRssMiB, startServer } from './lib/server';

const FILMS: Array<[string, number]> = [
  ['bench_film_001_2020', 6667],
  ['bench_film_002_2020', 3333],
];
const QUERY = FILMS.map(([film]) => `film=${film}`).join('&');

export function timed(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): number {
  // Each tool starts with no dirty pages: none pays for writing back what the one before it wrote (each run writes 8 GB).
  spawnSync('sync');
  const started = performance.now();
  const result = spawnSync(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.slice(0, 6).join(' ')} ... failed:\n${result.stderr.slice(-1500)}`);
  return (performance.now() - started) / 1000;
}

export async function benchExport(runs: number): Promise<string> {
  for (const tool of ['zip', 'cp']) if (spawnSync('which', [tool]).status !== 0) throw new Error(`${tool} is needed: apt-get install -y zip`);
  const library = benchLibrary(100_005);
  const dirs = await Promise.all(FILMS.map(([film, frames]) => giveFilmJpegs(library, film, frames)));
  const bytes = dirs.flatMap((dir) => readdirSync(dir).map((name) => statSync(path.join(dir, name)).size)).reduce((a, b) => a + b, 0);
  const files = FILMS.reduce((sum, [, n]) => sum + n, 0);
  const db = path.resolve('data/bench/export.db');
  ingestForBench(library, db);
  const out = path.resolve('data/bench/tmp/export');
  const env = { ...process.env, STILLROOM_EXPORT_ROOT: out };
  const exportCli = ['--import', 'tsx', 'scripts/export.ts', library, '--db', db, '--query', QUERY, '--layout', 'flat'];

  const samples: Record<string, number[]> = { folder: [], cp: [], zip: [], zipInfo: [] };
  for (let i = 0; i < runs; i++) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    // Which tool goes first alternates: a copy's speed depends on how much dirty and free memory
    // the kernel has at that moment (cp -r took 1.1 s or 5.7 s for these frames by its place).
    const pairs: Array<Array<() => void>> = [
      [
        () => samples.folder.push(timed(process.execPath, [...exportCli, '--out', `run${i}`], env)),
        () => {
          mkdirSync(path.join(out, `cp${i}`));
          samples.cp.push(timed('cp', ['-r', ...dirs, path.join(out, `cp${i}`)]));
        },
      ],
      [
        () => samples.zip.push(timed(process.execPath, [...exportCli, '--zip', path.join(out, `run${i}.zip`)], env)),
        () => samples.zipInfo.push(timed('zip', ['-0', '-r', '-q', path.join(out, `info${i}.zip`), ...dirs])),
      ],
    ];
    for (const pair of pairs) for (const run of i % 2 ? [...pair].reverse() : pair) run();
  }
  const mbps = (seconds: number) => (bytes / 1024 ** 2 / seconds).toFixed(0);
  const rows = [
    ['folder: `npm run export -- --out`', median(samples.folder), median(samples.cp), 'cp -r'],
    ['zip: `npm run export -- --zip`', median(samples.zip), median(samples.zipInfo), 'zip -0 -r'],
  ].map(([what, ours, theirs, tool]) => [what as string, `${(ours as number).toFixed(1)} s`, `${mbps(ours as number)} MB/s`, `${tool}: ${(theirs as number).toFixed(1)} s, ${mbps(theirs as number)} MB/s`, `${((theirs as number) / (ours as number)).toFixed(2)}x`]);

  // The same zip through the server, as a browser download, watching the server's memory.
  const server = await startServer(library, db, 3330);
  let memory = '';
  try {
    const download = async (query: string, watch: (received: number) => void) => {
      const job = (await (await fetch(`${server.url}/api/exports`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: server.url }, body: JSON.stringify({ query, layout: 'flat', target: 'zip' }) })).json()) as { id: string };
      const response = await fetch(`${server.url}/api/exports/${job.id}/download`);
      let received = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) watch((received += chunk.length));
      return received;
    };
    const cold = serverRssMiB(server.pid);
    // A 100-frame export first, so that what follows is the download's own memory, not the export code being loaded.
    await download(`${QUERY}&frame__lte=50`, () => {});
    const before = serverRssMiB(server.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, serverRssMiB(server.pid))), 200);
    const quarters: number[] = [];
    const started = performance.now();
    const received = await download(QUERY, (got) => {
      if (quarters.length < 3 && got >= ((quarters.length + 1) / 4) * bytes) quarters.push(serverRssMiB(server.pid));
    });
    const seconds = (performance.now() - started) / 1000;
    quarters.push(serverRssMiB(server.pid));
    clearInterval(sampler);
    memory = `Through the server (\`POST /api/exports\` then \`GET /api/exports/<id>/download\`): ${(received / 1024 ** 2).toFixed(0)} MB streamed in ${seconds.toFixed(1)} s (${(received / 1024 ** 2 / seconds).toFixed(0)} MB/s). Server memory (whole process tree, sampled every 200 ms): ${cold.toFixed(0)} MiB when started, ${before.toFixed(0)} MiB after a 100-frame export had loaded the export code, then ${quarters.map((m) => m.toFixed(0)).join(' / ')} MiB at a quarter, half, three quarters and the end of the download, peak ${peak.toFixed(0)} MiB.`;
  } finally {
    server.stop();
  }
  return [
    `Command: \`npm run bench -- --only export\`. ${files.toLocaleString('en')} frames (${(bytes / 1024 ** 2).toFixed(0)} MB of 1920x800 JPEGs) of two films, layout flat, original bytes; median of ${runs} runs, each after a \`sync\`, Stillroom and the baseline taking turns to go first; the files sit in the page cache for every tool alike, so this compares the work done per byte, not the disk.`,
    '',
    table(['export', 'Stillroom', 'throughput', 'baseline', 'baseline time / Stillroom time'], rows),
    '',
    memory,
  ].join('\n');
}
