/**
 * Reads a JPEG's pixel size from its header (the SOFn segment) without
 * decoding it: ingest does this for every frame of every film, so it must
 * cost one small read, not a decode.
 */
import { closeSync, openSync, readSync } from 'node:fs';

export interface ImageSize {
  width: number;
  height: number;
}

const CHUNK = 64 * 1024;
const MAX_HEADER = 4 * 1024 * 1024;

/** SOF0-SOF15 carry the size, except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function parse(buffer: Buffer, length: number): ImageSize | 'more' | null {
  if (length < 4 || buffer[0] !== 0xff || buffer[1] !== 0xd8) return null;
  let pos = 2;
  while (pos + 4 <= length) {
    if (buffer[pos] !== 0xff) return null;
    const marker = buffer[pos + 1];
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image / start of scan before any SOF
    const segment = buffer.readUInt16BE(pos + 2);
    if (isStartOfFrame(marker)) {
      if (pos + 9 > length) return 'more';
      return { height: buffer.readUInt16BE(pos + 5), width: buffer.readUInt16BE(pos + 7) };
    }
    pos += 2 + segment;
  }
  return 'more';
}

/** The JPEG's size, or null when the file is not a readable JPEG. Throws only for I/O errors. */
export function readJpegSize(file: string, scratch: Buffer = Buffer.allocUnsafe(CHUNK)): ImageSize | null {
  const fd = openSync(file, 'r');
  try {
    let buffer = scratch;
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, length);
      length += read;
      const result = parse(buffer, length);
      if (result !== 'more') return result;
      if (read === 0 || buffer.length >= MAX_HEADER) return null;
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger, 0, 0, length);
      buffer = bigger;
    }
  } finally {
    closeSync(fd);
  }
}
