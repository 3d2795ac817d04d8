/**
 * The embedded demo library, served when no library is configured: the
 * committed pickles in demo/library/ are copied into a working folder and their
 * JPEGs drawn on first start (see render.ts and demo/README.md).
 */
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { FRAME_SIZES_FILE, type RenderOptions, renderDemoFrames } from './render';

export { renderDemoFrames, readFrameSizes, pictureRect, demoFrameFile, FRAME_SIZES_FILE } from './render';
export type { FrameSize, RenderOptions } from './render';

/** Marks a folder as ours and says which demo it holds; bump RENDER_VERSION when the drawing changes. */
export const DEMO_STAMP_FILE = '.stillroom-demo';
const RENDER_VERSION = 1;

/** The committed demo: npm scripts, Next and vitest all run from the repository root. */
export function demoSourceDir(): string {
  return path.join(process.cwd(), 'demo', 'library');
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.posix.join(prefix, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(dir, relative)));
    else out.push(relative);
  }
  return out.sort();
}

/** A digest of the committed files and the renderer version: a different stamp means an outdated copy. */
async function demoStamp(source: string): Promise<string> {
  const hash = createHash('sha256').update(`render ${RENDER_VERSION}\n`);
  const files = [FRAME_SIZES_FILE, ...(await listFiles(source, 'serialized_objects'))];
  for (const file of files) {
    hash.update(`${file}\n`).update(await readFile(path.join(source, file)));
  }
  return hash.digest('hex');
}

async function readStamp(target: string): Promise<string | null> {
  try {
    return (await readFile(path.join(target, DEMO_STAMP_FILE), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function entriesOf(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Replaces `target` with a fresh copy of the pickles, built beside it and
 * renamed into place, so a crash never leaves a half-copied library. A
 * non-empty folder without our stamp is someone's data: it is never deleted.
 */
async function installCopy(source: string, target: string, stamp: string): Promise<void> {
  const entries = await entriesOf(target);
  const ours = (await readStamp(target)) !== null;
  if (entries && entries.length > 0 && !ours) {
    throw new Error(`${target} is not empty and holds no ${DEMO_STAMP_FILE}: refusing to replace it with the demo library`);
  }
  const staging = `${target}.staging-${process.pid}-${Date.now()}`;
  try {
    await cp(path.join(source, 'serialized_objects'), path.join(staging, 'serialized_objects'), { recursive: true });
    await cp(path.join(source, FRAME_SIZES_FILE), path.join(staging, FRAME_SIZES_FILE));
    await writeFile(path.join(staging, DEMO_STAMP_FILE), `${stamp}\n`);
    if (entries) await rm(target, { recursive: true, force: true });
    await mkdir(path.dirname(target), { recursive: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // another process may have installed the same demo meanwhile
    if ((await readStamp(target)) === stamp) return;
    throw new Error(`cannot install the demo library into ${target}: ${(error as Error).message}`, { cause: error });
  }
}

async function prepare(target: string, options: RenderOptions): Promise<string> {
  const source = demoSourceDir();
  let stamp: string;
  try {
    stamp = await demoStamp(source);
  } catch (error) {
    throw new Error(`cannot read the committed demo library in ${source}: ${(error as Error).message}`, { cause: error });
  }
  if ((await readStamp(target)) !== stamp) await installCopy(source, target, stamp);
  await renderDemoFrames(target, options);
  return target;
}

const inFlight = new Map<string, Promise<string>>();

/**
 * Makes `targetDir` (e.g. data/demo-library) a complete moviegoer library of
 * the demo films and returns its absolute path: copies the committed pickles
 * when the folder is missing or holds an older demo, then draws any missing
 * JPEG. Concurrent calls for the same folder share one preparation.
 */
export function ensureDemoLibrary(targetDir: string, options: RenderOptions = {}): Promise<string> {
  const target = path.resolve(targetDir);
  let job = inFlight.get(target);
  if (!job) {
    job = prepare(target, options).finally(() => inFlight.delete(target));
    inFlight.set(target, job);
  }
  return job;
}
