/**
 * Export formats: 10,000 real-size frames as WebDataset shards with
 * `npm run export -- --webdataset` against `tar -cf` of the same files;
 * face crops (every face, resized to 224x224) in frames and crops per
 * second against `vipsthumbnail --crop` making the same number of 224x224
 * crops; and the server's memory while it writes the same shards as a job.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { timed } from './export';
import { benchLibrary } from './ingest';
import { giveFilmJpegs } from './jpegs';
import { ingestForBench, median, table } from './lib/stats';
import { serverRssMiB, startServer } from './lib/server';

const FILMS: Array<[string, number]> = [
  ['bench_film_001_2020', 6667],
  ['bench_film_002_2020', 3333],
];
const QUERY = FILMS.map(([film]) => `film=${film}`).join('&');
/** The crop bench takes the first frames of the first film: enough crops for a steady rate, minutes not hours. */
const CROP_FRAMES = 1000;
const CROP_QUERY = `film=${FILMS[0][0]}&frame__lte=${CROP_FRAMES}`;

/** Stillroom first on even runs, the baseline first on odd ones: neither always gets the warmer (or dirtier) page cache. */
function alternate(i: number, pair: Array<() => void>): void {
  for (const run of i % 2 ? [...pair].reverse() : pair) run();
}

export async function benchFormats(runs: number): Promise<string> {
  for (const tool of ['tar', 'vipsthumbnail']) if (spawnSync('which', [tool]).status !== 0) throw new Error(`${tool} is needed: apt-get install -y tar libvips-tools`);
  const library = benchLibrary(100_005);
  const dirs = await Promise.all(FILMS.map(([film, frames]) => giveFilmJpegs(library, film, frames)));
  const bytes = dirs.flatMap((dir) => readdirSync(dir).map((name) => statSync(path.join(dir, name)).size)).reduce((a, b) => a + b, 0);
  const files = FILMS.reduce((sum, [, n]) => sum + n, 0);
  const db = path.resolve('data/bench/formats.db');
  ingestForBench(library, db);
  const out = path.resolve('data/bench/tmp/formats');
  const env = { ...process.env, STILLROOM_EXPORT_ROOT: out };
  const exportCli = ['--import', 'tsx', 'scripts/export.ts', library, '--db', db, '--layout', 'flat'];

  // The crop bench's frames and their faces, read from the ingested database.
  const cropFiles = readdirSync(dirs[0])
    .filter((name) => Number(/_frame_(\d+)\.jpg$/.exec(name)?.[1]) <= CROP_FRAMES)
    .map((name) => path.join(dirs[0], name));
  const reader = new Database(db, { readonly: true });
  const perFrame = new Map(
    (reader.prepare('SELECT frame, count(*) AS n FROM faces WHERE film = ? AND frame <= ? GROUP BY frame').all(FILMS[0][0], CROP_FRAMES) as Array<{ frame: number; n: number }>).map((r) => [r.frame, r.n]),
  );
  reader.close();
  const faces = [...perFrame.values()].reduce((a, b) => a + b, 0);
  // vipsthumbnail takes whole images, not boxes: it is given each frame as many times as it has faces (its operation cache off), so it makes as many 224x224 crops from as many decodes.
  const vipsInputs = cropFiles.flatMap((file) => Array.from({ length: perFrame.get(Number(/_frame_(\d+)\.jpg$/.exec(file)?.[1])) ?? 0 }, () => file));

  const samples: Record<string, number[]> = { shards: [], tar: [], crops: [], vips: [] };
  let shardCount = 0;
  for (let i = 0; i < runs; i++) {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(out, { recursive: true });
    alternate(i, [
      () => samples.shards.push(timed(process.execPath, [...exportCli, '--query', QUERY, '--webdataset', `wds${i}`], env)),
      () => samples.tar.push(timed('tar', ['-cf', path.join(out, `tar${i}.tar`), ...dirs.map((dir) => path.relative(library, dir))], process.env, library)),
    ]);
    shardCount = readdirSync(path.join(out, `wds${i}`)).filter((name) => name.endsWith('.tar')).length;
    mkdirSync(path.join(out, `vips${i}`));
    alternate(i, [
      () => samples.crops.push(timed(process.execPath, [...exportCli, '--query', CROP_QUERY, '--crop', 'faces', '--resize', '224x224', '--out', `crops${i}`], env)),
      () => samples.vips.push(timed('vipsthumbnail', ['--vips-cache-max=0', '--crop', '-s', '224x224', '-o', path.join(out, `vips${i}`, '%s.jpg[Q=90]'), ...vipsInputs])),
    ]);
  }
  const mbps = (seconds: number) => (bytes / 1024 ** 2 / seconds).toFixed(0);
  const shards = median(samples.shards);
  const tar = median(samples.tar);
  const crops = median(samples.crops);
  const vips = median(samples.vips);
  const rows = [
    ['WebDataset: `npm run export -- --webdataset`', `${shards.toFixed(1)} s, ${mbps(shards)} MB/s`, `tar -cf: ${tar.toFixed(1)} s, ${mbps(tar)} MB/s`, `${(tar / shards).toFixed(2)}x`],
    [
      `face crops: \`--crop faces --resize 224x224\` (${faces} faces in ${cropFiles.length} frames)`,
      `${crops.toFixed(1)} s: ${(cropFiles.length / crops).toFixed(0)} frames/s, ${(faces / crops).toFixed(0)} crops/s`,
      `vipsthumbnail --crop -s 224x224, ${faces} crops: ${vips.toFixed(1)} s, ${(faces / vips).toFixed(0)} crops/s`,
      `${(vips / crops).toFixed(2)}x`,
    ],
  ];

  const memory = await serverMemory(library, db, out, bytes);
  return [
    `Command: \`npm run bench -- --only formats\`. ${files.toLocaleString('en')} frames (${(bytes / 1024 ** 2).toFixed(0)} MB of 1920x800 JPEGs) of two films, layout flat, original bytes, default shard size (${shardCount} shards of about 256 MB); median of ${runs} runs, each after a \`sync\`, Stillroom and the baseline taking turns to go first. vipsthumbnail cannot cut a box out of a frame, so its baseline makes the same number of 224x224 crops (centre crops, one per face) from as many full decodes: it does no box arithmetic, no metadata and, unlike a box crop, may decode at 1/8 size (JPEG shrink-on-load).`,
    '',
    table(['export', 'Stillroom', 'baseline', 'baseline time / Stillroom time'], rows),
    '',
    memory,
  ].join('\n');
}

/** A WebDataset job of the 10,000 frames through the server, its memory sampled every 200 ms. */
async function serverMemory(library: string, db: string, out: string, bytes: number): Promise<string> {
  const previous = process.env.STILLROOM_EXPORT_ROOT;
  process.env.STILLROOM_EXPORT_ROOT = out;
  const server = await startServer(library, db, 3331);
  try {
    const job = async (query: string, name: string) => {
      const response = await fetch(`${server.url}/api/exports`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: server.url },
        body: JSON.stringify({ query, layout: 'flat', target: 'webdataset', name }),
      });
      const created = (await response.json()) as { id: string; error?: string };
      if (!response.ok) throw new Error(`POST /api/exports: ${created.error}`);
      return created.id;
    };
    const status = async (id: string) => (await (await fetch(`${server.url}/api/exports/${id}`)).json()) as { state: string; bytesDone: number; error?: string };
    const cold = serverRssMiB(server.pid);
    // A 100-frame export first, so that what follows is the shards' own memory, not the export code being loaded.
    const warm = await job(`${QUERY}&frame__lte=50`, 'warm');
    while ((await status(warm)).state === 'running') await new Promise((resolve) => setTimeout(resolve, 100));
    const before = serverRssMiB(server.pid);
    let peak = before;
    const quarters: number[] = [];
    const started = performance.now();
    const id = await job(QUERY, 'server-shards');
    for (;;) {
      const now = await status(id);
      const rss = serverRssMiB(server.pid);
      peak = Math.max(peak, rss);
      if (quarters.length < 3 && now.bytesDone >= ((quarters.length + 1) / 4) * bytes) quarters.push(rss);
      if (now.state !== 'running') {
        if (now.state !== 'done') throw new Error(`the shard job ended ${now.state}: ${now.error}`);
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    quarters.push(serverRssMiB(server.pid));
    return `Through the server (\`POST /api/exports\` with \`"target": "webdataset"\`, polled): ${(bytes / 1024 ** 2).toFixed(0)} MB of frames into shards in ${seconds.toFixed(1)} s. Server memory (whole process tree, sampled every 200 ms): ${cold.toFixed(0)} MiB when started, ${before.toFixed(0)} MiB after a 100-frame export had loaded the export code, then ${quarters.map((m) => m.toFixed(0)).join(' / ')} MiB at a quarter, half, three quarters and the end, peak ${peak.toFixed(0)} MiB.`;
  } finally {
    server.stop();
    if (previous === undefined) delete process.env.STILLROOM_EXPORT_ROOT;
    else process.env.STILLROOM_EXPORT_ROOT = previous;
  }
}
