/** Small helpers shared by the benchmark scripts: statistics, tables, child processes. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import readline from 'node:readline';

export const PYTHON = process.env.STILLROOM_BENCH_PYTHON ?? '/usr/bin/python3';

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (samples: number[]) => percentile(samples, 50);

export function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function ms(value: number): string {
  return value < 10 ? value.toFixed(1) : value.toFixed(0);
}

export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`;
}

export function requirePython(): void {
  const probe = spawnSync(PYTHON, ['-c', 'import pandas'], { stdio: 'ignore' });
  if (probe.status !== 0) throw new Error(`${PYTHON} with pandas is needed for this benchmark: apt-get install -y python3-pandas`);
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with ${result.status}`);
}

/**
 * `npm run ingest` of a bench library. Exit code 1 only says problems were
 * reported, which metadata-only films always have (rows without JPEGs).
 */
export function ingestForBench(library: string, db: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', library, '--db', db], { stdio: ['ignore', 'ignore', 'ignore'] });
  if (result.status !== 0 && result.status !== 1) throw new Error(`ingest of ${library} into ${db} failed with ${result.status}`);
}

/** A long-lived Python helper answering one line per request line, so its start-up is never timed. */
export function pythonWorker(script: string, args: string[] = []) {
  const child = spawn(PYTHON, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    async ask(request: string): Promise<string> {
      child.stdin.write(`${request}\n`);
      const next = await lines.next();
      if (next.done) throw new Error(`${script} stopped`);
      return String(next.value);
    },
    async first(): Promise<string> {
      return String((await lines.next()).value);
    },
    stop: () => child.stdin.end(),
  };
}

/** Replaces the block between `<!-- bench:NAME -->` markers in BENCHMARKS.md (appending it when new). */
export function writeSection(name: string, body: string, file = 'BENCHMARKS.md'): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${begin}\n${body.trim()}\n${end}`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  writeFileSync(file, start >= 0 && stop > start ? text.slice(0, start) + block + text.slice(stop + end.length) : `${text.trimEnd()}\n\n${block}\n`);
}
