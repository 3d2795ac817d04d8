/**
 * What `npm start` does between a fresh checkout and a browser tab: renders
 * the demo library when no STILLROOM_LIBRARY is set, ingests the library
 * (only changed films are read again), builds the app when the build is
 * missing or older than the sources, then runs the server (scripts/serve.ts:
 * Next.js as a custom server, see ./http-server.ts) on HOST:PORT with the
 * library and database passed down in the environment, and the palette
 * analysis (scripts/analyze.ts) in the background once it answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Progress } from '@/lib/cli/progress';
import { isLoopbackHost, readConfig, type Config } from '@/lib/config';
import { openDatabase } from '@/lib/db/connection';
import { ensureDemoLibrary } from '@/lib/demo';
import { ingestLibrary } from '@/lib/ingest';

/** What `next build` compiles: when any of it is newer than .next/BUILD_ID, the build is stale. */
const BUILD_INPUTS = ['app', 'components', 'lib', 'public', 'next.config.js', 'package.json', 'package-lock.json', 'tsconfig.json'];

const NEXT_BIN = createRequire(import.meta.url).resolve('next/dist/bin/next');

function newestMtime(entry: string): number {
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}

function buildIsStale(): string | null {
  let built: number;
  try {
    built = statSync('.next/BUILD_ID').mtimeMs;
  } catch {
    return 'no build yet';
  }
  const changed = BUILD_INPUTS.find((entry) => newestMtime(entry) > built);
  return changed === undefined ? null : `${changed} changed since the last build`;
}

function runNext(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [NEXT_BIN, ...args], { stdio: 'inherit', env });
}

/** The server in its own process, so the background palette analysis never holds up its event loop. */
function runServer(script: string, dev: boolean, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', script, ...(dev ? ['--dev'] : [])], { stdio: 'inherit', env });
}

function exitCode(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function ingest(config: Config, libraryRoot: string): Promise<void> {
  let isDir = false;
  try {
    isDir = statSync(libraryRoot).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new Error(`STILLROOM_LIBRARY: ${libraryRoot} is not a directory`);
  console.log(`Ingesting ${libraryRoot} -> ${config.dbFile}`);
  const db = openDatabase(config.dbFile);
  const progress = new Progress();
  try {
    const report = await ingestLibrary(db, libraryRoot, {
      onProgress: (p) => progress.update({ done: p.filmsDone, total: p.filmsTotal, label: `films  ${p.film}` }),
    });
    progress.done();
    for (const film of report.films) {
      if (film.error) console.warn(`warning: ${film.error}`);
      for (const problem of film.problems) console.warn(`warning: ${problem}`);
    }
    const count = (status: string) => report.films.filter((f) => f.status === status).length;
    console.log(`${count('loaded')} films loaded, ${count('skipped')} unchanged, ${count('failed')} failed, ${count('removed')} removed`);
  } finally {
    db.close();
  }
}

/**
 * Colour palettes (and the grid's thumbnails) computed while the app already
 * serves: the first analysis of a big library takes minutes, and frames
 * without a palette yet simply do not match palette filters. It runs as
 * `npm run analyze` in a process of its own at a lower CPU priority (nice
 * 10), threads included, so the server's answers come first on a machine of
 * few cores and the analysis takes what is left. Later starts only analyse
 * new or changed JPEGs.
 */
function analyzeInBackground(script: string, env: NodeJS.ProcessEnv, libraryRoot: string, dbFile: string): ChildProcess {
  const concurrency = String(Math.max(1, os.availableParallelism() - 1));
  const child = spawn('nice', ['-n', '10', process.execPath, '--import', 'tsx', script, libraryRoot, '--db', dbFile, '--concurrency', concurrency], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // Its progress bar and its PROBLEM lines (JPEGs it could not read) are for `npm run analyze` run by hand.
  child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
  child.on('exit', (code, signal) => {
    const summary = out.trim().split('\n').pop();
    if (code === 0 || code === 1) console.log(`Palettes: ${summary}`);
    else if (!signal) console.warn(`warning: palette analysis stopped (exit code ${code}): ${err.trim().split('\n').pop() ?? ''}`);
  });
  return child;
}

function urlFor(host: string, port: number): string {
  // A wildcard address is not something a browser can open; this machine can reach it on loopback.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '[::1]' : host;
  const bracketed = reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}`;
}

async function announceWhenReady(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(`${url}/api/films`);
      if (response.ok) {
        console.log(`\nStillroom is ready: ${url}\n`);
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The scripts the launcher runs in processes of their own. */
export interface LaunchScripts {
  /** The server (scripts/serve.ts). */
  serve: string;
  /** The palette analysis (scripts/analyze.ts). */
  analyze: string;
}

export interface LaunchOptions {
  /** Build even when the build looks current. */
  build?: boolean;
  /** `next dev` instead of the production build. */
  dev?: boolean;
  host?: string;
  port?: string;
}

/** Runs the app until its server exits; the server's exit code. */
export async function launch(values: LaunchOptions, scripts: LaunchScripts): Promise<number> {
  // --host/--port win over HOST/PORT; both go through the same validation.
  const config = readConfig({ ...process.env, HOST: values.host ?? process.env.HOST, PORT: values.port ?? process.env.PORT });
  let libraryRoot = config.libraryRoot;
  if (config.demo) {
    console.log('STILLROOM_LIBRARY is not set: serving the demo library.');
    libraryRoot = await ensureDemoLibrary(config.libraryRoot);
  }
  await ingest(config, libraryRoot);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STILLROOM_LIBRARY: libraryRoot,
    STILLROOM_DB: config.dbFile,
    STILLROOM_CACHE: config.cacheDir,
    STILLROOM_EXPORT_ROOT: config.exportRoot,
    // A local app has no business phoning home; users who want telemetry can set it themselves.
    NEXT_TELEMETRY_DISABLED: process.env.NEXT_TELEMETRY_DISABLED ?? '1',
  };

  if (!values.dev) {
    const stale = values.build ? '--build given' : buildIsStale();
    if (stale !== null) {
      console.log(`Building the app (${stale}) ...`);
      const code = await exitCode(runNext(['build'], env));
      if (code !== 0) throw new Error(`next build failed with exit code ${code}`);
    }
  }

  if (!isLoopbackHost(config.host)) {
    console.warn(`warning: HOST=${config.host} is not a loopback address: anyone on the network can browse the library.`);
  }
  const server = runServer(scripts.serve, !!values.dev, {
    ...env,
    HOST: config.host,
    PORT: String(config.port),
    // What `next start` and `next dev` would set; a custom server sets it itself.
    NODE_ENV: values.dev ? 'development' : 'production',
  });
  let analysis = null as ChildProcess | null;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      server.kill(signal);
      analysis?.kill(signal);
    });
  }
  void announceWhenReady(urlFor(config.host, config.port), server).then(() => {
    if (server.exitCode === null) analysis = analyzeInBackground(scripts.analyze, env, libraryRoot, config.dbFile);
  });
  const code = await exitCode(server);
  analysis?.kill('SIGTERM');
  return code;
}
