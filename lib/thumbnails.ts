/**
 * Frame thumbnails: resized once with sharp, then served from a disk cache.
 * Widths come from a fixed ladder so the cache stays bounded; the cache key
 * is the source file's identity (real path, size, mtime) and the width, so
 * a re-extracted JPEG gets a fresh thumbnail.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type OutputInfo } from 'sharp';
import { frameImagePath } from '@/lib/library/files';
import { QueryError } from '@/lib/errors';

import { THUMB_WIDTHS, type ThumbWidth } from '@/lib/thumb-widths';

export { THUMB_WIDTHS, type ThumbWidth };

// The disk cache is the cache; libvips' own operation cache would only hold memory.
sharp.cache(false);

/** What identifies one version of a source JPEG: a re-extracted frame changes at least one of these. */
export interface SourceIdentity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface Thumbnail {
  body: Buffer;
  /** True when the source JPEG could not be decoded and `body` is a stand-in: do not cache it. */
  placeholder: boolean;
  /** A strong ETag for `body`, derived from the source's identity and the width; null for a placeholder. */
  etag: string | null;
  /** The source JPEG as it was when this thumbnail was found or made. */
  source: SourceIdentity;
}

/** True when `a` and `b` are the same version of the same file. */
export function sameSource(a: SourceIdentity, b: SourceIdentity): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The ladder width named by `raw` (the `w` query parameter); throws a QueryError naming `w` otherwise. */
export function parseThumbWidth(raw: string | null): ThumbWidth {
  const width = raw !== null && /^[1-9][0-9]{0,4}$/.test(raw) ? Number(raw) : Number.NaN;
  const match = THUMB_WIDTHS.find((w) => w === width);
  if (match === undefined) {
    throw new QueryError('w', `thumbnail width must be one of ${THUMB_WIDTHS.join(', ')}, got ${JSON.stringify(raw)}`);
  }
  return match;
}

/** Requests for a thumbnail already being made wait for that one instead of encoding it again. */
const inFlight = new Map<string, Promise<Thumbnail>>();

let placeholderJpeg: Promise<Buffer> | undefined;

function placeholder(): Promise<Buffer> {
  placeholderJpeg ??= sharp({ create: { width: 160, height: 90, channels: 3, background: '#3a3a3a' } })
    .jpeg({ quality: 60 })
    .toBuffer();
  return placeholderJpeg;
}

/** Every thumbnail's encoding, whoever makes it: the route on demand or the analysis ahead of time. */
const JPEG_OPTIONS = { quality: 80, mozjpeg: false } as const;

/** The cache key of one version of a frame's JPEG: a re-extracted file gets new cache entries. */
function cacheKey(realPath: string, source: Pick<SourceIdentity, 'size' | 'mtimeMs'>): string {
  return createHash('sha256').update(`${realPath}\0${source.size}\0${source.mtimeMs}`).digest('hex').slice(0, 16);
}

function cacheFile(cacheDir: string, film: string, frame: number, width: number, key: string): string {
  // Not path.join: Turbopack reads that as a file pattern and traces every matching file under the
  // project (a bench cache holds tens of thousands) into the build. `film` is a checked name, no separators.
  return `${path.resolve(cacheDir)}${path.sep}${film}${path.sep}${frame}_w${width}_${key}.jpg`;
}

/** The cache file of one thumbnail of one version (`realPath`, as frameImagePath() gives it, size, mtime) of a frame's JPEG. */
export function thumbnailCacheFile(
  cacheDir: string,
  film: string,
  frame: number,
  width: ThumbWidth,
  realPath: string,
  source: Pick<SourceIdentity, 'size' | 'mtimeMs'>,
): string {
  return cacheFile(cacheDir, film, frame, width, cacheKey(realPath, source));
}

export interface DecodedPixels {
  data: Buffer;
  info: OutputInfo;
}

/**
 * A JPEG decoded and resized exactly as its thumbnail at `width` is, as raw
 * pixels: one decode can then give both the thumbnail (encodeThumbnail) and
 * whatever else is computed from the picture. Throws when sharp fails at
 * `failOn`.
 */
export async function decodeForThumbnail(source: string, width: ThumbWidth, failOn: 'none' | 'error'): Promise<DecodedPixels> {
  return sharp(source, { failOn }).resize({ width, withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
}

/** The thumbnail JPEG of pixels from decodeForThumbnail: the same bytes thumbnail() makes from the file. */
export function encodeThumbnail({ data, info }: DecodedPixels): Promise<Buffer> {
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } })
    .jpeg(JPEG_OPTIONS)
    .toBuffer();
}

/** True when the thumbnail is in the cache already. */
export async function isCached(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

async function readIfPresent(file: string): Promise<Buffer | null> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Writes a thumbnail into the cache; a reader sees the whole file or none. */
export async function writeAtomically(file: string, body: Buffer): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, body);
    await rename(tmp, file);
  } catch (error) {
    await unlink(tmp).catch(() => {});
    throw error;
  }
}

interface Job {
  source: string;
  identity: SourceIdentity;
  target: string;
  etag: string;
}

async function render({ source, identity, target, etag }: Job, film: string, frame: number, width: number): Promise<Thumbnail> {
  let body: Buffer;
  try {
    body = await sharp(source, { failOn: 'none' })
      .resize({ width, withoutEnlargement: true })
      .jpeg(JPEG_OPTIONS)
      .toBuffer();
  } catch (error) {
    console.error(`[stillroom] thumbnail of ${film} frame ${frame} (${source}): ${(error as Error).message}`);
    return { body: await placeholder(), placeholder: true, etag: null, source: identity };
  }
  await writeAtomically(target, body);
  return { body, placeholder: false, etag, source: identity };
}

/**
 * The thumbnail of a frame at one of THUMB_WIDTHS (never wider than the
 * source), or null when the frame has no JPEG in the library. A JPEG sharp
 * cannot decode gives a placeholder and a logged error, not an exception.
 */
export async function thumbnail(
  root: string,
  cacheDir: string,
  film: string,
  frame: number,
  width: number,
): Promise<Thumbnail | null> {
  parseThumbWidth(String(width));
  const source = await frameImagePath(root, film, frame);
  if (source === null) return null;
  const { dev, ino, size, mtimeMs } = await stat(source);
  const identity = { dev, ino, size, mtimeMs };
  const key = cacheKey(source, identity);
  const target = cacheFile(cacheDir, film, frame, width, key);
  const etag = `"${width}-${key}"`;

  const pending = inFlight.get(target);
  if (pending) return pending;
  const cached = await readIfPresent(target);
  if (cached) return { body: cached, placeholder: false, etag, source: identity };

  // Checked again: another request may have started while this one read the cache.
  const started = inFlight.get(target);
  if (started) return started;
  const job = render({ source, identity, target, etag }, film, frame, width).finally(() => inFlight.delete(target));
  inFlight.set(target, job);
  return job;
}
