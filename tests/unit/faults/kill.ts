/** Runs a CLI of this repository in a child process and SIGKILLs it after a delay. */
import { spawn } from 'node:child_process';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** mulberry32: the same kill times on every run, so a failure can be replayed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `node <args>` from the repository root, killed with SIGKILL `delay` ms
 * after `ready()` first returns true (polled every 10 ms; at once when not
 * given), or left to finish when the delay is infinite.
 */
export function killAfter(args: string[], delay: number, options: { env?: Record<string, string>; ready?: () => boolean } = {}): Promise<Exit> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    if (Number.isFinite(delay)) timer = setTimeout(() => child.kill('SIGKILL'), delay);
  };
  let poll: NodeJS.Timeout | undefined;
  if (options.ready) {
    const ready = options.ready;
    poll = setInterval(() => {
      if (ready()) {
        clearInterval(poll);
        poll = undefined;
        arm();
      }
    }, 10);
  } else {
    arm();
  }
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (poll) clearInterval(poll);
      if (code !== null && code !== 0) reject(new Error(`node ${args.join(' ')} exited with ${code}: ${stderr}`));
      else resolve({ code, signal });
    });
  });
}
