/**
 * The zip writer's entries: their CRC-32 (computed by zlib for stored
 * buffers, by archiver for streams and deflated text) is what Info-ZIP
 * computes from the bytes, and entries land in the order they were handed
 * in, even when the bytes of a later one are ready first.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openZipSink } from '@/lib/export/zip-sink';
import { makeTempDir } from '../../helpers/library';

const MB = 1024 * 1024;
let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('zip-entries'));
});
afterAll(() => cleanup());

/** name -> CRC-32 (hex, as unzip -v prints it) of every entry. */
function listedCrcs(zip: string): Map<string, string> {
  const crcs = new Map<string, string>();
  for (const line of execFileSync('unzip', ['-v', zip], { maxBuffer: 16 * MB }).toString().split('\n')) {
    const match = /\s([0-9a-f]{8})\s+(\S+)$/.exec(line);
    if (match) crcs.set(match[2], match[1]);
  }
  return crcs;
}

const hex = (data: Buffer) => crc32(data).toString(16).padStart(8, '0');
const delay = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

it('writes the CRC-32 of every entry, stored or deflated, small or streamed, in the order the entries were handed in', async () => {
  const small = Array.from({ length: 20 }, (_, i) => {
    const file = path.join(dir, `small_${i}.jpg`);
    writeFileSync(file, randomBytes(1000 + i * 5000));
    return file;
  });
  // Over the 16 MB read whole: streamed from the open file.
  const large = path.join(dir, 'large.jpg');
  writeFileSync(large, randomBytes(17 * MB));
  const converted = [randomBytes(3000), randomBytes(70_000)];
  const zip = path.join(dir, 'entries.zip');
  const sink = openZipSink(createWriteStream(zip), { forceZip64: false, date: new Date('2024-01-01T00:00:00Z') });

  await sink.writeText('manifest.csv', ['a,b\r\n', '1,2\r\n']);
  const calls: Array<Promise<unknown>> = [];
  calls.push(sink.copyFile('large.jpg', large));
  // The first converted image is ready last: it must still come first.
  calls.push(sink.writeData('converted_0.png', delay(50, converted[0]), false));
  calls.push(sink.writeData('converted_1.png', converted[1], false));
  for (const [i, file] of small.entries()) calls.push(sink.copyFile(`small_${i}.jpg`, file));
  const sizes = await Promise.all(calls);
  await sink.finish();

  expect(sizes[0]).toBe(17 * MB);
  expect(sizes.slice(3)).toEqual(small.map((_, i) => 1000 + i * 5000));
  expect(execFileSync('unzip', ['-t', zip]).toString()).toMatch(/No errors detected/);
  const names = ['manifest.csv', 'large.jpg', 'converted_0.png', 'converted_1.png', ...small.map((_, i) => `small_${i}.jpg`)];
  expect(execFileSync('unzip', ['-Z1', zip]).toString().trim().split('\n')).toEqual(names);
  const crcs = listedCrcs(zip);
  expect(crcs.get('large.jpg')).toBe(hex(readFileSync(large)));
  expect(crcs.get('converted_0.png')).toBe(hex(converted[0]));
  expect(crcs.get('converted_1.png')).toBe(hex(converted[1]));
  for (const [i, file] of small.entries()) expect(crcs.get(`small_${i}.jpg`)).toBe(hex(readFileSync(file)));
  expect(crcs.get('manifest.csv')).toBe(hex(Buffer.from('a,b\r\n1,2\r\n')));
  expect(execFileSync('unzip', ['-p', zip, 'large.jpg'], { maxBuffer: 32 * MB }).equals(readFileSync(large))).toBe(true);
});

it('appends nothing after an entry that failed, so no later entry takes its place', async () => {
  const file = path.join(dir, 'one.jpg');
  writeFileSync(file, randomBytes(5000));
  const sink = openZipSink(createWriteStream(path.join(dir, 'failed.zip')), { forceZip64: false, date: new Date() });
  const failing = sink.writeData('broken.png', Promise.reject(new Error('sharp cannot convert it')), false);
  const after = sink.copyFile('one.jpg', file);
  await expect(failing).rejects.toThrow('sharp cannot convert it');
  await expect(after).rejects.toThrow('sharp cannot convert it');
  await sink.abort();
});
