/**
 * Folder exports: always a new folder under the export root, never outside
 * it (checked on real paths, so a symlink cannot lead out), never over a
 * folder that holds anything. Files are written into `<name>.partial-<random>`
 * beside the target and the folder is renamed when complete, so an export
 * that was interrupted never looks finished; on failure or cancel the
 * partial folder is removed.
 */
import { randomBytes } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { copyFile, lstat, mkdir, readdir, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { QueryError } from '@/lib/errors';
import { ExportError, pathExists, textStream, type ExportSink } from './sink';

/** What a folder or zip file is called while it is written: `<target>.partial-<12 hex digits>` (lib/export/recovery.ts removes leftovers). */
export const PARTIAL_NAME = /\.partial-[0-9a-f]{12}$/;

export function partialPath(target: string): string {
  return `${target}.partial-${randomBytes(6).toString('hex')}`;
}

/** Whether `candidate` is strictly inside `root` (both absolute, resolved). */
export function insideFolder(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The nearest existing ancestor of `target`, resolved through symlinks. */
async function realAncestor(target: string): Promise<string> {
  let current = target;
  while (!(await pathExists(current))) current = path.dirname(current);
  return realpath(current);
}

/** `target` with its existing part resolved through symlinks (where it would really be written). */
async function realTarget(target: string): Promise<string> {
  let current = target;
  while (!(await pathExists(current))) current = path.dirname(current);
  return path.join(await realpath(current), path.relative(current, target));
}

async function isEmptyFolderOrMissing(target: string): Promise<boolean> {
  let stat;
  try {
    stat = await lstat(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  return stat.isDirectory() && (await readdir(target)).length === 0;
}

/** `<target>-2`, `<target>-3` ...: the first that does not exist, to suggest when `target` is taken. */
export async function freeSibling(target: string): Promise<string> {
  const ext = path.extname(target) === '.zip' ? '.zip' : '';
  const stem = ext ? target.slice(0, -ext.length) : target;
  for (let n = 2; ; n++) {
    const candidate = `${stem}-${n}${ext}`;
    if (!(await pathExists(candidate))) return candidate;
  }
}

/**
 * The absolute folder for export `name` (a relative path such as `mcu` or
 * `faces/v2`) under `exportRoot`, which is created if missing. Refuses an
 * absolute name, one that leads outside the root (`../x`, or through a
 * symlink), and a folder that exists and is not empty. `param` names the
 * field in errors; they say what would be accepted, with paths relative to
 * the export root: an API error never carries a path of the machine (the
 * root itself is shown in the dialog and in GET /api/exports).
 */
export async function resolveExportFolder(exportRoot: string, name: string, param = 'name'): Promise<string> {
  if (name.trim() === '' || name.includes('\0')) throw new QueryError(param, 'must be a folder name under the export root, such as mcu');
  if (path.isAbsolute(name) || /^[A-Za-z]:/.test(name)) {
    throw new QueryError(param, `must be a folder name relative to the export root, not an absolute path; the server writes only under its export root (shown in the export dialog), e.g. ${JSON.stringify(path.basename(name) || 'mcu')}`);
  }
  await mkdir(exportRoot, { recursive: true });
  const root = await realpath(exportRoot);
  const target = path.resolve(root, name);
  if (!insideFolder(root, target) || PARTIAL_NAME.test(target)) {
    throw new QueryError(param, `${JSON.stringify(name)} is not a folder inside the export root; give a name such as ${JSON.stringify(path.basename(name).replace(PARTIAL_NAME, '').replace(/^\.+$/, '') || 'mcu')}`);
  }
  const ancestor = await realAncestor(target);
  if (ancestor !== root && !insideFolder(root, ancestor)) {
    throw new QueryError(param, `${JSON.stringify(name)} leads outside the export root through a symbolic link; give a folder name whose path has none`);
  }
  if (!(await isEmptyFolderOrMissing(target))) {
    throw new QueryError(param, `${JSON.stringify(name)} already exists in the export root and is not an empty folder; exports never overwrite: choose a new name, such as ${JSON.stringify(path.relative(root, await freeSibling(target)))}`);
  }
  return target;
}

/**
 * The CLI's `--out`: the CLI runs as the user, so it writes wherever the
 * user may: an absolute path, or a path relative to the export root. It
 * still refuses the library (or a folder inside it) and a folder that
 * exists and is not empty, naming the path and what would do instead.
 */
export async function resolveCliFolder(exportRoot: string, libraryRoot: string, out: string, param: string): Promise<string> {
  if (out.trim() === '' || out.includes('\0')) throw new QueryError(param, `must be a folder path: absolute, or relative to the export root ${path.resolve(exportRoot)}`);
  const target = path.resolve(exportRoot, out);
  if (PARTIAL_NAME.test(target)) throw new QueryError(param, `${target} is named like an unfinished export (.partial-<random>); choose another name`);
  const library = await realTarget(path.resolve(libraryRoot));
  const real = await realTarget(target);
  if (real === library || insideFolder(library, real)) {
    throw new QueryError(param, `${target} is inside the library ${library}; exports never write into the library: choose a folder outside it, such as ${path.join(path.resolve(exportRoot), path.basename(target))}`);
  }
  if (!(await isEmptyFolderOrMissing(target))) {
    throw new QueryError(param, `${target} already exists and is not an empty folder; exports never overwrite: choose a new folder, such as ${await freeSibling(target)}`);
  }
  return target;
}

/** Copies in flight at once: enough to keep a disk's queue busy, few enough for two cores. */
const FOLDER_CONCURRENCY = 4;

export class FolderSink implements ExportSink {
  readonly concurrency = FOLDER_CONCURRENCY;
  private readonly made = new Map<string, Promise<unknown>>();

  constructor(
    private readonly target: string,
    /** The folder being written, renamed to the target by finish(). */
    readonly partial: string,
  ) {}

  private async destination(relative: string): Promise<string> {
    const file = path.resolve(this.partial, relative);
    if (!insideFolder(this.partial, file)) throw new Error(`export path ${JSON.stringify(relative)} is outside the export folder`);
    const dir = path.dirname(file);
    // One mkdir per folder, shared by the copies that start while it runs.
    let made = this.made.get(dir);
    if (!made) {
      made = mkdir(dir, { recursive: true });
      this.made.set(dir, made);
    }
    await made;
    return file;
  }

  async copyFile(relative: string, source: string): Promise<number> {
    const destination = await this.destination(relative);
    // COPYFILE_EXCL: two frames can never silently land on one name.
    await copyFile(source, destination, constants.COPYFILE_EXCL);
    return (await stat(destination)).size;
  }

  async writeData(relative: string, data: Buffer | Promise<Buffer>): Promise<void> {
    const bytes = await data;
    await writeFile(await this.destination(relative), bytes, { flag: 'wx' });
  }

  async writeText(relative: string, chunks: Iterable<string>): Promise<void> {
    await pipeline(textStream(chunks), createWriteStream(await this.destination(relative), { flags: 'wx' }));
  }

  async finish(): Promise<void> {
    if (!(await isEmptyFolderOrMissing(this.target))) {
      throw new ExportError(`${this.target} was filled by something else during the export; the export was not moved there`);
    }
    // rename() would replace an empty folder too, but only on POSIX: remove it first.
    if (await pathExists(this.target)) await rmdir(this.target);
    await rename(this.partial, this.target);
  }

  async abort(): Promise<void> {
    await rm(this.partial, { recursive: true, force: true });
  }
}

/** Creates the partial folder beside `target` (from resolveExportFolder) and writes into it. */
export async function openFolderSink(target: string): Promise<FolderSink> {
  await mkdir(path.dirname(target), { recursive: true });
  const partial = partialPath(target);
  await mkdir(partial);
  return new FolderSink(target, partial);
}
