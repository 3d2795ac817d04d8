/**
 * POSIX tar (ustar, POSIX.1-1988 as extended by pax, POSIX.1-2001) entry
 * headers: what WebDataset shards are. Each member is a 512-byte header,
 * its bytes, and zeros to the next 512-byte boundary; an archive ends with
 * two zero blocks. A name longer than ustar's 100 bytes is carried by a pax
 * extended header (`path=`), which GNU tar, bsdtar and Python's tarfile read.
 */

export const BLOCK = 512;
/** The end of an archive: two zero blocks. */
export const TAR_END = Buffer.alloc(2 * BLOCK);
const ZEROS = Buffer.alloc(BLOCK);

/** Writes `value` as zero-padded octal digits filling `width - 1` bytes, then NUL. */
function octal(header: Buffer, offset: number, width: number, value: number): void {
  const digits = value.toString(8);
  if (digits.length > width - 1) throw new Error(`tar: ${value} does not fit in ${width - 1} octal digits`);
  header.write(digits.padStart(width - 1, '0'), offset, 'ascii');
  header[offset + width - 1] = 0;
}

function header(name: Buffer, size: number, mtime: number, type: '0' | 'x'): Buffer {
  const block = Buffer.alloc(BLOCK);
  name.copy(block, 0, 0, Math.min(name.length, 100));
  octal(block, 100, 8, 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, mtime);
  block.write(type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'binary');
  // The checksum is the sum of the header's bytes with its own field read as eight spaces.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

/** Zeros from `size` to the next block boundary. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : ZEROS.subarray(0, BLOCK - rest);
}

/** A pax record `"<len> path=<name>\n"`, whose length counts its own digits. */
function paxRecord(key: string, value: string): Buffer {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body);
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body);
  return Buffer.from(`${length}${body}`);
}

/**
 * The buffers that put a member named `name` (a plain file of `size` bytes,
 * modified at `mtime` seconds) before its data: a ustar header, preceded by
 * a pax header when the name does not fit. The data and padding(size) follow.
 */
export function memberHeader(name: string, size: number, mtime: number): Buffer[] {
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length <= 100 && /^[\x20-\x7e]*$/.test(name)) return [header(bytes, size, mtime, '0')];
  const record = paxRecord('path', name);
  const short = Buffer.from(`PaxHeader/${name}`.slice(0, 99), 'ascii');
  return [header(short, record.length, mtime, 'x'), record, padding(record.length), header(bytes.subarray(0, 100), size, mtime, '0')];
}
