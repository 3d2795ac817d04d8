/**
 * Where an export's files go: a folder (folder-sink.ts) or a zip stream
 * (zip-sink.ts). The runner keeps up to `concurrency` files in flight; a
 * zip places its entries in the order the calls were made, whatever order
 * their bytes are ready in.
 */
import { lstat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** A failure the user can act on, naming the film, frame or file: shown as it is, in the UI and on the CLI. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

export interface ExportSink {
  /** How many files may be in flight at once: a folder copies several at a time, a zip reads ahead of its (sequential) entries. */
  readonly concurrency: number;
  /** Copies `source` from disk to `path` inside the export, bytes unchanged; resolves to the number of bytes copied. */
  copyFile(path: string, source: string): Promise<number>;
  /** Writes `data` (or what it resolves to) to `path`; `compress` deflates it in a zip (text), otherwise it is stored (JPEG, PNG). */
  writeData(path: string, data: Buffer | Promise<Buffer>, compress: boolean): Promise<void>;
  /** Writes a text file produced a chunk at a time (the manifests). */
  writeText(path: string, chunks: Iterable<string>): Promise<void>;
  /** Completes the export: renames the folder or zip into place, or ends the download. */
  finish(): Promise<void>;
  /** Removes everything written so far; safe to call after a failure, and more than once. */
  abort(): Promise<void>;
}

const TEXT_CHUNK = 64 * 1024;

/** Text chunks gathered into ~64 KB buffers, as a byte stream (not object mode: zip entries read bytes). */
export function textStream(chunks: Iterable<string>): Readable {
  function* batches(): Generator<Buffer> {
    let parts: string[] = [];
    let size = 0;
    for (const chunk of chunks) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= TEXT_CHUNK) {
        yield Buffer.from(parts.join(''));
        parts = [];
        size = 0;
      }
    }
    if (parts.length > 0) yield Buffer.from(parts.join(''));
  }
  return Readable.from(batches(), { objectMode: false });
}

/** Whether anything (a file, a folder, a dangling symlink) is at `file`. */
export async function pathExists(file: string): Promise<boolean> {
  try {
    await lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
