/**
 * Search at scale (docs/search.md): the palette filters at 100k frames, the
 * exact face search over 1M faces, and full-text search over subtitles.
 * Each query is timed the way queryFrames runs it: the total, then the
 * first page in film, frame order. Run alone with
 * `npx tsx scripts/bench/search.ts [--runs N]`, or export benchSearch for
 * the suite.
 *
 * The 100k-frame database is a copy of data/bench/lib100k.db (made by
 * `npm run bench -- --only ingest`) with a made-up palette per frame: the
 * frame's mean colour spread into five colours. Palettes are written, not
 * computed from JPEGs, so that the measure is the query alone.
 */
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { type DB, openDatabase } from '@/lib/db/connection';
import { ENCODING_SIZE, scanFaces } from '@/lib/faces/search';
import { syntheticFaces } from '@/lib/faces/synthetic';
import { paletteSet } from '@/lib/palette/search';
import { type PaletteRecord, writePalettes } from '@/lib/palette/store';
import { seededRandom } from '@/lib/seeded-random';
import { paletteClause } from '@/lib/query/palette-filter';
import { searchClause } from '@/lib/query/search-filter';
import { median, ms, percentile, table } from './lib/stats';

const LIB100K_DB = 'data/bench/lib100k.db';
const FACES = 1_000_000;
const PEOPLE = 20_000;
const PAGE = 'SELECT film, frame FROM frames WHERE {w} ORDER BY film, frame LIMIT 101';
const COUNT = 'SELECT count(*) AS n FROM frames WHERE {w}';

interface Clause {
  sql: string;
  params: unknown[];
}

function addPalettes(db: DB): number {
  const frames = db.prepare('SELECT film, frame, lab_l, lab_a, lab_b FROM frames').all() as Array<{ film: string; frame: number; lab_l: number | null; lab_a: number | null; lab_b: number | null }>;
  const next = seededRandom(42);
  const records: PaletteRecord[] = frames.map(({ film, frame, lab_l, lab_a, lab_b }) => {
    const weights = Array.from({ length: 5 }, () => next() ** 2 + 0.02).sort((p, q) => q - p);
    const total = weights.reduce((sum, w) => sum + w, 0);
    const spread = (centre: number | null, range: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, (centre ?? 50) + (next() - 0.5) * range));
    return {
      film,
      frame,
      source: { size: 1, mtimeMs: 1 },
      problem: null,
      palette: weights.map((w) => ({ l: spread(lab_l, 50, 0, 100), a: spread(lab_a, 60, -80, 80), b: spread(lab_b, 60, -80, 80), share: w / total, hex: '808080' })),
    };
  });
  for (let i = 0; i < records.length; i += 10_000) writePalettes(db, records.slice(i, i + 10_000));
  return records.length;
}

function timeQuery(db: DB, make: () => Clause, runs: number): { times: number[]; total: number } {
  const times: number[] = [];
  let total = 0;
  for (let run = 0; run <= runs; run++) {
    const started = performance.now();
    const clause = make();
    total = (db.prepare(COUNT.replace('{w}', clause.sql)).get(...clause.params) as { n: number }).n;
    db.prepare(PAGE.replace('{w}', clause.sql)).all(...clause.params);
    if (run > 0) times.push(performance.now() - started); // run 0 warms the page cache and the palette copy
  }
  return { times, total };
}

function row(what: string, query: string, result: { times: number[]; total: number }): string[] {
  return [what, `\`${query}\``, result.total.toLocaleString('en'), ms(median(result.times)), ms(percentile(result.times, 95))];
}

function benchFaces(runs: number): string {
  const started = performance.now();
  const faces = syntheticFaces(FACES, PEOPLE, 7);
  const made = performance.now() - started;
  const times: number[] = [];
  let found = 0;
  for (let run = 0; run <= runs; run++) {
    const target = faces.encodings.slice((run * 7919 % FACES) * ENCODING_SIZE, ((run * 7919 % FACES) + 1) * ENCODING_SIZE);
    const t = performance.now();
    found = 0;
    scanFaces(faces, target, 0.6, () => found++);
    if (run > 0) times.push(performance.now() - t);
  }
  return (
    `**Face search, ${FACES.toLocaleString('en')} faces in memory** (${PEOPLE.toLocaleString('en')} made-up people, ${(faces.encodings.byteLength / 2 ** 20).toFixed(0)} MiB of float32, made in ${(made / 1000).toFixed(1)} s; ` +
    `each run looks for a different face within 0.6):\n\n` +
    table(['scan', 'faces found', 'p50 ms', 'p95 ms'], [['exact, squared distance with early exit', found.toLocaleString('en'), ms(median(times)), ms(percentile(times, 95))]])
  );
}

function benchLibrary100k(runs: number): string {
  if (!existsSync(LIB100K_DB)) return `**100k frames**: skipped, ${LIB100K_DB} is missing (make it with \`npm run bench -- --only ingest\`).`;
  const dir = mkdtempSync(path.join(tmpdir(), 'stillroom-bench-search-'));
  try {
    const file = path.join(dir, 'lib100k.db');
    copyFileSync(LIB100K_DB, file);
    const db = openDatabase(file);
    try {
      const palettes = addPalettes(db);
      const loading = performance.now();
      paletteSet(db);
      const loadMs = performance.now() - loading;
      const reference = db.prepare('SELECT film, frame FROM frames ORDER BY film, frame LIMIT 1 OFFSET 4321').get() as { film: string; frame: number };
      const like = `_palette_like=${reference.film}:${reference.frame}`;
      const scans = new Map<string, number[]>();
      const scanned = (query: string) => () => {
        const clause = paletteClause(db, new URLSearchParams(query))!;
        scans.set(query, [...(scans.get(query) ?? []), clause.search.elapsedMs]);
        return clause;
      };
      const paletteQueries: Array<[string, string]> = [
        ['palette contains a colour', '_palette=c87828'],
        ['palette contains two colours', '_palette=c87828,3050a0&_palette_tolerance=15'],
        ['palette contains a common colour', '_palette=808080&_palette_tolerance=30'],
        ["palette like a frame's", like],
        ["palette like a frame's, wide", `${like}&_palette_tolerance=25`],
      ];
      const rows = paletteQueries.map(([what, query]) => {
        const result = timeQuery(db, scanned(query), runs);
        return [...row(what, query, result), ms(median(scans.get(query)!.slice(1)))];
      });
      for (const [what, query] of [['dialogue, one line', '_search=1000'], ['dialogue, every line', '_search=line']]) {
        rows.push([...row(what, query, timeQuery(db, () => searchClause(new URLSearchParams(query))!, runs)), '-']);
      }
      const subtitles = (db.prepare('SELECT count(*) AS n FROM subtitles').get() as { n: number }).n;
      return (
        `**${palettes.toLocaleString('en')} frames with palettes, ${subtitles.toLocaleString('en')} subtitle lines** (${runs} runs each after one warm-up; ` +
        `each run parses the parameters, scans the palettes in JS, counts the matches and reads the first page, as \`/api/frames\` does; ` +
        `the first palette query after an analysis reads every palette into memory, ${ms(loadMs)} ms):\n\n` +
        table(['query', 'parameters', 'frames', 'p50 ms', 'p95 ms', 'of which JS scan, p50 ms'], rows)
      );
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSearch(runs: number): Promise<string> {
  return [
    'Command: `npm run bench -- --only search`. In-process, no HTTP: the time of the JS scans and the SQL that `/api/frames` runs for these filters.',
    benchLibrary100k(runs),
    benchFaces(runs),
  ].join('\n\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '10' } } });
  benchSearch(Number(values.runs)).then(
    (body) => console.log(body),
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
