/**
 * The ingest under mutated real pickles: whatever a film's files hold, the
 * ingest reports that film in one line naming it and the file, loads the
 * other film, and leaves a consistent database. Never a crash, a hang or an
 * allocation the files do not hold.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DB, openDatabase } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';
import { addFilm, filmPickleDir, fixturePickle, makeTempDir } from '../../helpers/library';

const FRAMES = Array.from({ length: 40 }, (_, i) => i + 1);
const PICKLES = ['face_df', 'vision_df', 'srt_df'] as const;
const SEED = 20261129;
/** Bytes of buffers one ingest of the two 40-frame films may leave behind: their files are a few kilobytes. */
const MAX_ALLOCATED = 64 * 1024 ** 2;

let root: string;
let cleanup: () => void;
let db: DB;
const originals = new Map<string, Buffer>();

beforeAll(async () => {
  ({ dir: root, cleanup } = makeTempDir('ingest-fuzz'));
  await addFilm(root, { film: 'steady_film_2001', pandas: 'pandas-1.5', protocol: 4, frames: FRAMES });
  await addFilm(root, { film: 'mutated_film_2024', pandas: 'pandas-3.0', protocol: 5, frames: FRAMES });
  for (const name of PICKLES) originals.set(name, readFileSync(fixturePickle('pandas-3.0', name, 5)));
  db = openDatabase(path.join(root, 'fuzz.db'));
});
afterAll(() => {
  db.close();
  cleanup();
});

const mutation = fc.record({
  pickle: fc.constantFrom(...PICKLES),
  kind: fc.constantFrom('flip', 'set', 'truncate', 'delete'),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.integer({ min: 1, max: 64 }),
  byte: fc.integer({ min: 0, max: 255 }),
});

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(data: Buffer, m: Mutation): Buffer {
  const at = Math.floor(m.at * data.length);
  const copy = Buffer.from(data);
  switch (m.kind) {
    case 'flip':
      for (let i = at; i < Math.min(data.length, at + m.length); i++) copy[i] ^= 1 << (i % 8);
      return copy;
    case 'set':
      copy.fill(m.byte, at, Math.min(data.length, at + m.length));
      return copy;
    case 'truncate':
      return copy.subarray(0, at);
    default:
      return Buffer.concat([copy.subarray(0, at), copy.subarray(at + m.length)]);
  }
}

describe('ingest of mutated real pickles', () => {
  it('reports the broken film in one line, loads the other, and keeps the database consistent', async () => {
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const dir = filmPickleDir(root, 'mutated_film_2024');
        for (const name of PICKLES) writeFileSync(path.join(dir, `${name}.pkl`), originals.get(name)!);
        writeFileSync(path.join(dir, `${m.pickle}.pkl`), mutate(originals.get(m.pickle)!, m));

        // A claimed length or shape is checked against the file before anything is allocated for it.
        const before = process.memoryUsage().arrayBuffers;
        const report = await ingestLibrary(db, root, { force: true });
        expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(MAX_ALLOCATED);

        const steady = report.films.find((f) => f.film === 'steady_film_2001')!;
        expect(steady.status).toBe('loaded');
        const mutated = report.films.find((f) => f.film === 'mutated_film_2024')!;
        if (mutated.status === 'failed') {
          expect(mutated.error).toMatch(/^mutated_film_2024: mutated_film_2024\/(face_df|vision_df|srt_df)\.pkl: /);
          expect(mutated.error).not.toContain('\n');
        } else {
          expect(mutated.status).toBe('loaded');
        }
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        const counts = db.prepare('SELECT film, count(*) AS n FROM frames GROUP BY film ORDER BY film').all() as Array<{ film: string; n: number }>;
        for (const { n } of counts) expect(n).toBe(FRAMES.length);
      }),
      { numRuns: 150, seed: SEED },
    );
    // And an intact copy loads again afterwards.
    for (const name of PICKLES) copyFileSync(fixturePickle('pandas-3.0', name, 5), path.join(filmPickleDir(root, 'mutated_film_2024'), `${name}.pkl`));
    expect((await ingestLibrary(db, root, { force: true })).failed).toBe(0);
  }, 120_000);
});
