/**
 * What one sidebar click costs: the grid's first window plus every facet and
 * histogram request the UI sends for the new state (lib/ui/facet-requests.ts
 * over components/filters/facet-specs.ts), sent together as the browser
 * sends them, through HTTP on the production server. Beside it, the same
 * requests answered by bare SQLite: queryFrames' SQL path on a better-sqlite3
 * connection of its own, in-process, no HTTP, one after another (one
 * connection answers one statement at a time). Then every request alone, by
 * kind, and the server's start-up and memory.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { FACET_SPECS } from '@/components/filters/facet-specs';
import { HISTOGRAM_BINS } from '@/components/filters/use-facets';
import { cacheFileOf } from '@/lib/columnar/cache-file';
import { openDatabase, type DB } from '@/lib/db/connection';
import { queryFrames } from '@/lib/query/frames';
import { facetRequests } from '@/lib/ui/facet-requests';
import { WINDOW_SIZE } from '@/components/results/result-store';
import { benchLibrary } from './ingest';
import { serverRssMiB, startServer, timeHttp, type BenchServer } from './lib/server';
import { median, ms, percentile, table } from './lib/stats';

/**
 * A curation session's clicks, as sidebar states in the API's syntax. `v`
 * (the run) moves a threshold or a film so each run is a new click whose
 * conditions the server has not seen, not a repeat it could answer from
 * what it kept; `sel` is a saved selection's id.
 */
export const CLICKS: Array<{ about: string; state: (v: number, sel: number) => string }> = [
  { about: 'open: no filters', state: () => '' },
  { about: 'primary character', state: () => 'prim_char_flag=1' },
  { about: 'medium close-up preset', state: (v) => `prim_char_flag=1&p_face_size__gt=${4 + v / 100}&p_face_size__lt=20` },
  { about: '+ emotion', state: (v) => `prim_char_flag=1&p_face_size__gt=${4 + v / 100}&p_face_size__lt=20&p_emotion=happy` },
  { about: '+ alignment', state: (v) => `prim_char_flag=1&p_face_size__gt=${4 + v / 100}&p_face_size__lt=20&p_emotion=happy&p_center_alignment=left` },
  { about: '+ one film', state: (v) => `prim_char_flag=1&p_face_size__gt=${4 + v / 100}&p_face_size__lt=20&p_emotion=happy&film=${films[v % films.length]}` },
  { about: 'faces >= 2, not blank', state: (v) => `faces_found__gte=${2 + (v % 2)}&blank__isnull=1` },
  { about: 'brightness and contrast ranges', state: (v) => `brightness__gte=${90 + v}&brightness__lte=180&contrast__gte=20` },
  { about: 'colour', state: (v) => `_color=c87828&_color_distance=${10 + v / 10}&prim_char_flag=1` },
  { about: 'dialogue', state: (v) => `_search=line ${10 + v}&faces_found__gte=1` },
  { about: 'face search', state: (v) => `_face_like=${films[1 % films.length]}:${firstFaceFrames[v % firstFaceFrames.length]}:0&p_emotion__not=neutral` },
  { about: 'in a selection', state: (v, sel) => `_in_selection=${sel}&p_emotion=${['sad', 'fear', 'angry'][v % 3]}` },
  { about: 'a new sort', state: (v) => `faces_found__gte=1&${v % 2 ? '_sort' : '_sort_desc'}=${['brightness', 'contrast', 'p_face_size', 'lab_l'][v % 4]}` },
];

/** The library's first ten films, and frames of the second with a primary face: filled from the library before the runs. */
let films: string[] = [];
let firstFaceFrames: number[] = [];

export function clickRequests(state: string): string[] {
  const api = new URLSearchParams(state);
  const grid = `${state}${state ? '&' : ''}_offset=0&_size=${WINDOW_SIZE}`;
  return [grid, ...facetRequests(api, FACET_SPECS, HISTOGRAM_BINS).map((r) => r.query)];
}

/** The click through HTTP: every request at once, done when the last has answered. */
export async function clickHttp(server: BenchServer, requests: string[]): Promise<number> {
  const started = performance.now();
  await Promise.all(requests.map((q) => timeHttp(`${server.url}/api/frames?${q}`)));
  return performance.now() - started;
}

export async function waitForColumnar(server: BenchServer): Promise<void> {
  for (;;) {
    const status = (await (await fetch(`${server.url}/api/status`)).json()) as { queries: { answeredBy: string; columnar: string } };
    if (status.queries.answeredBy === 'columnar copy') return;
    if (status.queries.columnar === 'failed') throw new Error('the columnar copy failed to load; see the server log');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Seconds from spawning `npm start`'s server process until it answers, and until the columnar copy answers. */
async function startUp(library: string, db: string, port: number): Promise<{ answering: number; columnar: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
    env: { ...process.env, NODE_ENV: 'production', STILLROOM_LIBRARY: library, STILLROOM_DB: db, STILLROOM_CACHE: `${db}.cache`, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    let answering = 0;
    for (;;) {
      try {
        const response = await fetch(`${url}/api/status`);
        const status = (await response.json()) as { queries: { answeredBy: string } };
        answering ||= performance.now() - started;
        if (status.queries.answeredBy === 'columnar copy') return { answering: answering / 1000, columnar: (performance.now() - started) / 1000 };
      } catch {
        // not listening yet
      }
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGTERM');
  }
}

/** What the clicks need from the library: frames with a face to search from, and a saved selection (its id). */
export async function prepareClicks(server: BenchServer, db: DB): Promise<number> {
  pickClickFrames(db);
  return createSelection(server);
}

/** The films and faces the clicks name, from the library itself (the 10M one names its films otherwise). */
export function pickClickFrames(db: DB): void {
  films = db.prepare('SELECT film FROM films ORDER BY film LIMIT 10').pluck().all() as string[];
  firstFaceFrames = (
    db.prepare('SELECT frame FROM faces WHERE film = ? AND face_index = 0 AND encoding IS NOT NULL ORDER BY frame LIMIT 50').pluck().all(films[1 % films.length]) as number[]
  ).filter(
    (_, i) => i % 5 === 0,
  );
}

async function createSelection(server: BenchServer): Promise<number> {
  const response = await fetch(`${server.url}/api/selections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ name: `bench ${Date.now()}`, query: 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20' }),
  });
  if (!response.ok) throw new Error(`creating a selection: HTTP ${response.status} ${await response.text()}`);
  const { id } = (await response.json()) as { id: number };
  // Manual changes too: membership reads them on every query.
  const changes = await fetch(`${server.url}/api/selections/${id}/changes`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: server.url },
    body: JSON.stringify({ action: 'exclude', frames: firstFaceFrames.slice(0, 40).map((frame) => ({ film: films[1 % films.length], frame })) }),
  });
  if (!changes.ok) throw new Error(`changing the selection: HTTP ${changes.status} ${await changes.text()}`);
  return id;
}

function kindOf(request: string, index: number): string {
  if (index === 0) return request.includes('_sort') ? 'grid window, new sort' : 'grid window';
  return request.includes('_histogram') && !request.includes('_facet') ? 'histogram request' : 'facet request';
}

interface SizeResult {
  frames: number;
  clicks: string[][];
  kinds: string[][];
  summary: string[];
}

/**
 * Runs of the clicks answered by bare SQLite as well: a click costs it seconds at 1M frames
 * and a minute at 10M, where the comparison would take hours, so it is left to the smaller sizes.
 */
function bareRunsFor(frames: number, runs: number): number {
  return frames > 2_000_000 ? 0 : frames > 200_000 ? Math.min(runs, 3) : runs;
}

async function benchSize(frames: number, runs: number, port: number): Promise<SizeResult> {
  const bareRuns = bareRunsFor(frames, runs);
  const library = benchLibrary(frames);
  // The queries section's database: an ingest of 1M or 10M frames takes minutes, and start.ts skips unchanged films.
  const dbFile = path.resolve(`data/bench/queries-${frames}.db`);
  const reference = () => openDatabase(dbFile, { readonly: true });
  const starts: Array<{ answering: number; columnar: number }> = [];
  const server = await startServer(library, dbFile, port);
  let sel = 0;
  const ours = new Map<string, number[]>();
  const bare = new Map<string, number[]>();
  const single = new Map<string, number[]>();
  const memory: number[] = [];
  try {
    await waitForColumnar(server);
    memory.push(serverRssMiB(server.pid));
    const db = reference();
    sel = await prepareClicks(server, db);
    for (let run = 0; run < runs; run++) {
      for (const click of CLICKS) {
        const requests = clickRequests(click.state(run, sel));
        // Alternate which goes first, so neither always finds the page cache warmed by the other.
        const order = run >= bareRuns ? ['ours'] : run % 2 ? ['bare', 'ours'] : ['ours', 'bare'];
        for (const who of order) {
          if (who === 'ours') ours.set(click.about, [...(ours.get(click.about) ?? []), await clickHttp(server, requests)]);
          else {
            const started = performance.now();
            for (const q of requests) queryFrames(db, new URLSearchParams(q), { path: 'sql' });
            bare.set(click.about, [...(bare.get(click.about) ?? []), performance.now() - started]);
            // The SQL ran on this process's event loop, seconds at a time: let it see the connections the
            // server closed meanwhile before the next click reuses one.
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        }
      }
    }
    // Every request alone, sequentially, on a fresh threshold (run + runs) so nothing is kept from the clicks.
    for (let run = runs; run < runs + Math.max(3, Math.ceil(runs / 2)); run++) {
      for (const click of CLICKS) {
        const requests = clickRequests(click.state(run, sel));
        for (let i = 0; i < requests.length; i++) {
          const kind = kindOf(requests[i], i);
          const t = await timeHttp(`${server.url}/api/frames?${requests[i]}`);
          single.set(kind, [...(single.get(kind) ?? []), t]);
          const special = click.about === 'colour' || click.about === 'dialogue' || click.about === 'face search' || click.about === 'in a selection' ? `${click.about}, any request` : null;
          if (special) single.set(special, [...(single.get(special) ?? []), t]);
        }
      }
      // The first window of a new sort at any depth: a new filter value each time, so no order is kept.
      for (const depth of [0, 0.5, 0.99]) {
        const q = `brightness__gte=${run}&_sort_desc=${['contrast', 'lab_a', 'p_horizontal_distance'][run % 3]}&_size=${WINDOW_SIZE}&_offset=${Math.floor(frames * 0.95 * depth)}`;
        const kind = `new sort, first window at ${depth * 100}% depth`;
        single.set(kind, [...(single.get(kind) ?? []), await timeHttp(`${server.url}/api/frames?${q}`)]);
      }
    }
    memory.push(serverRssMiB(server.pid));
    db.close();
  } finally {
    server.stop();
  }
  // Start-up: without the saved copy beside the database, then with it.
  rmSync(cacheFileOf(dbFile), { force: true });
  starts.push(await startUp(library, dbFile, port + 100));
  if (existsSync(cacheFileOf(dbFile))) starts.push(await startUp(library, dbFile, port + 100));

  const all = [...ours.values()].flat();
  const allBare = [...bare.values()].flat();
  const compared = (a: number[], b: number[]) => (b.length ? [ms(median(b)), ms(percentile(b, 95)), `${(median(b) / median(a)).toFixed(1)}x`] : ['-', '-', '-']);
  const clicks = CLICKS.map((click) => {
    const a = ours.get(click.about)!;
    return [click.about, String(clickRequests(click.state(1, sel)).length), ms(median(a)), ms(percentile(a, 95)), ...compared(a, bare.get(click.about) ?? [])];
  });
  clicks.push(['**every click**', '', `**${ms(median(all))}**`, `**${ms(percentile(all, 95))}**`, ...compared(all, allBare)]);
  const kinds = [...single].map(([kind, t]) => [kind, String(t.length), ms(median(t)), ms(percentile(t, 95)), ms(Math.max(...t))]);
  const summary = [
    `server memory (whole process tree): ${memory[0].toFixed(0)} MiB with the copy loaded, ${memory[1].toFixed(0)} MiB after the runs`,
    `start-up: answering after ${starts[0].answering.toFixed(1)} s; the columnar copy answering after ${starts[0].columnar.toFixed(1)} s when read from the database` +
      (starts[1] ? `, ${starts[1].columnar.toFixed(1)} s from the saved copy beside it` : ''),
  ];
  return { frames, clicks, kinds, summary };
}

export async function benchClick(sizes: number[], runs: number): Promise<string> {
  const sections: string[] = [];
  let port = 3401;
  for (const frames of sizes) {
    let result: SizeResult;
    try {
      result = await benchSize(frames, runs, port++);
    } catch (error) {
      // One size failing (a library missing, say) leaves the others' figures standing.
      sections.push(`**${frames.toLocaleString('en')} frames**: not measured: ${(error as Error).message}`);
      continue;
    }
    const bareRuns = bareRunsFor(frames, runs);
    sections.push(
      `**${frames.toLocaleString('en')} frames**, ${runs} runs of ${CLICKS.length} clicks (each run moves a threshold, a film or a sort, so every click is new to the server); bare SQLite ${bareRuns ? `over the first ${bareRuns} runs` : 'not run at this size (a click costs it about a minute)'}:\n\n` +
        table(['click', 'requests', 'Stillroom p50 ms', 'p95 ms', 'bare SQLite p50 ms', 'p95 ms', 'SQLite / Stillroom'], result.clicks) +
        '\n\nEach request alone (sequential, new thresholds):\n\n' +
        table(['request', 'n', 'p50 ms', 'p95 ms', 'max ms'], result.kinds) +
        '\n\n' +
        result.summary.map((line) => `- ${line}`).join('\n'),
    );
  }
  return [
    'Command: `npm run bench -- --only click` (`--big` adds 1M frames, `--huge` 10M). A click is the grid\'s first window plus every facet and histogram request the UI sends for the new sidebar state, sent together through HTTP to the production server (`npm start`) on the synthetic library, timed until the last answer; "bare SQLite" answers the same requests with the same SQL on a better-sqlite3 connection in the bench\'s own process, no HTTP, one after another, alternating with the server run by run.',
    '',
    ...sections,
  ].join('\n\n');
}
