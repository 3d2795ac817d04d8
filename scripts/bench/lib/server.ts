/**
 * Starts the production server on a library for a benchmark, the way `npm start` does, and
 * returns once it answers and its background palette analysis has finished: measuring while
 * the analysis still decodes JPEGs on the same two cores would charge its work to the server.
 */
import { execSync, spawn, type ChildProcess } from 'node:child_process';

export interface BenchServer {
  url: string;
  pid: number;
  stop(): void;
}

export async function startServer(library: string, db: string, port: number): Promise<BenchServer> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, STILLROOM_LIBRARY: library, STILLROOM_DB: db, STILLROOM_CACHE: `${db}.cache`, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/api/films`)).ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`the server on ${library} exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('the server did not start within 10 minutes');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await waitUntilIdle(child.pid!);
  return {
    url,
    pid: child.pid!,
    stop: () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

function processTree(pid: number, rows: number[][]): Set<number> {
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of rows) {
      if (tree.has(parent) && !tree.has(child)) {
        tree.add(child);
        grew = true;
      }
    }
  }
  return tree;
}

function psRows(column: string): number[][] {
  return execSync(`ps -e -o pid=,ppid=,${column}=`, { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
}

/** CPU seconds the server's process tree has used so far. */
function treeCpuSeconds(pid: number): number {
  const rows = psRows('cputimes');
  const tree = processTree(pid, rows);
  return rows.filter(([p]) => tree.has(p)).reduce((sum, [, , seconds]) => sum + seconds, 0);
}

/** Waits until the server's process tree uses no whole CPU second in 5 s (ps counts whole seconds): the background analysis is done. */
async function waitUntilIdle(pid: number): Promise<void> {
  const deadline = Date.now() + 60 * 60_000;
  let before = treeCpuSeconds(pid);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const now = treeCpuSeconds(pid);
    if (now - before < 1) return;
    if (Date.now() > deadline) throw new Error('the server was still busy (background analysis) after an hour');
    before = now;
  }
}

/** Resident memory of the server's whole process tree (start.ts and the server process it runs), in MiB. */
export function serverRssMiB(pid: number): number {
  const rows = psRows('rss');
  const tree = processTree(pid, rows);
  return rows.filter(([p]) => tree.has(p)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024;
}

/** Milliseconds for one GET, body included; a non-2xx answer is an error naming the URL. */
export async function timeHttp(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return performance.now() - started;
}
