/**
 * The zip writer never runs ahead of its reader: 2,000 files (64 MB) go to
 * a deliberately slow destination, and the bytes handed to the writer but
 * not yet taken by the destination stay within a few megabytes, as does
 * memory. The 10,000-frame timing is left to the benchmark.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openZipSink } from '@/lib/export/zip-sink';
import { makeTempDir } from '../../helpers/library';

const FILES = 2000;
const SIZE = 32 * 1024;
const MB = 1024 * 1024;

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = makeTempDir('zip-backpressure'));
  mkdirSync(path.join(dir, 'in'));
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(dir, 'in', `f_frame_${i}.jpg`), randomBytes(SIZE));
});
afterAll(() => cleanup());

const memory = () => {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

it('appends one file at a time at the pace of a slow destination, with bounded memory', async () => {
  const zip = path.join(dir, 'out.zip');
  const fd = openSync(zip, 'w');
  let received = 0;
  // Slow: a timer before each next chunk is accepted, about 20 MB/s.
  const destination = new Writable({
    highWaterMark: 64 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      writeSync(fd, chunk);
      received += chunk.length;
      setTimeout(callback, 2);
    },
  });
  const sink = openZipSink(destination, { forceZip64: false, date: new Date('2024-01-01T00:00:00Z') });
  global.gc?.();
  const baseline = memory();
  let handed = 0;
  let maxAhead = 0;
  let maxMemory = 0;
  for (let i = 0; i < FILES; i++) {
    await sink.copyFile(`frames/f_frame_${i}.jpg`, path.join(dir, 'in', `f_frame_${i}.jpg`));
    handed += SIZE;
    maxAhead = Math.max(maxAhead, handed - received);
    maxMemory = Math.max(maxMemory, memory() - baseline);
  }
  await sink.writeText(
    'manifest.csv',
    (function* () {
      for (let i = 0; i < FILES; i++) yield `frames/f_frame_${i}.jpg\r\n`;
    })(),
  );
  await sink.finish();
  closeSync(fd);

  expect(maxAhead).toBeLessThan(4 * MB);
  expect(maxMemory).toBeLessThan(48 * MB);
  expect(received).toBeGreaterThan(FILES * SIZE);
  expect(execFileSync('unzip', ['-t', zip]).toString()).toMatch(/No errors detected/);
  const entries = execFileSync('unzip', ['-Z1', zip], { maxBuffer: 16 * MB }).toString().trim().split('\n');
  expect(entries).toHaveLength(FILES + 1);
  expect(entries[FILES - 1]).toBe(`frames/f_frame_${FILES - 1}.jpg`);
});

it('forced ZIP64 archives are still read by unzip', async () => {
  const zip = path.join(dir, 'zip64.zip');
  const fd = openSync(zip, 'w');
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writeSync(fd, chunk);
      callback();
    },
  });
  const sink = openZipSink(destination, { forceZip64: true, date: new Date() });
  for (let i = 0; i < 3; i++) await sink.copyFile(`f_frame_${i}.jpg`, path.join(dir, 'in', `f_frame_${i}.jpg`));
  await sink.finish();
  closeSync(fd);
  expect(execFileSync('unzip', ['-t', zip]).toString()).toMatch(/No errors detected/);
  expect(execFileSync('zipinfo', ['-v', zip]).toString()).toMatch(/Zip64/i);
});
