/** Starts the production server on a library for a benchmark, the way `npm start` does. */
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

/** Resident memory of the server's whole process tree (start.ts and the server process it runs), in MiB. */
export function serverRssMiB(pid: number): number {
  const rows = execSync('ps -e -o pid=,ppid=,rss=', { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [child, parent] of rows) if (tree.has(parent) && !tree.has(child)) tree.add(child), (grew = true);
  }
  return rows.filter(([p]) => tree.has(p)).reduce((sum, [, , rss]) => sum + rss, 0) / 1024;
}
