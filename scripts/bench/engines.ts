/**
 * npm run bench -- --only engines [--big]: the spike issue 13 asked for before
 * choosing how clicks are answered. The same sidebar clicks (the click
 * section's, those made of column filters only) answered in this process, no
 * HTTP, by three engines over the same frames:
 * - the columnar copy the server uses (lib/columnar, through queryFrames);
 * - DuckDB (`@duckdb/node-api`), the frames table copied into it, each request
 *   as the SQL a columnar database would be given: the registry's WHERE, one
 *   GROUPING SETS scan for a request's facets, one GROUP BY per histogram;
 * - SQLite, queryFrames' SQL path: what every click cost before.
 * Every DuckDB total is checked against the columnar one, so the engines are
 * timed giving the same answers.
 *
 * DuckDB is not a dependency of Stillroom: install it beside the checkout
 * first (`npm install --no-save @duckdb/node-api@1.5.6-r.1`), or point
 * STILLROOM_BENCH_DUCKDB at an installed copy.
 */
import { createWriteStream, rmSync } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { columnarFor, enableColumnar } from '@/lib/columnar/engine';
import { openDatabase, type DB } from '@/lib/db/connection';
import { FRAME_COLUMN_NAMES, FRAME_COLUMNS, FRAME_SELECT_LIST, quoted } from '@/lib/db/columns';
import { buildWhere } from '@/lib/query/filters';
import { queryFrames } from '@/lib/query/frames';
import { parseHistogramRequest } from '@/lib/query/histogram';
import { parsePageRequest, whereSql, type Sort } from '@/lib/query/page';
import { CLICKS, clickRequests, pickClickFrames } from './click';
import { benchLibrary } from './ingest';
import { median, ms, percentile, table } from './lib/stats';

/** The clicks whose filters are all columns of `frames`: colour, dialogue, face search and selections use SQLite's own functions and tables. */
const COLUMN_CLICKS = CLICKS.filter((click) => !['colour', 'dialogue', 'face search', 'in a selection'].includes(click.about));

interface DuckConnection {
  runAndReadAll(sql: string, values?: unknown[]): Promise<{ getRows(): unknown[][] }>;
  run(sql: string, values?: unknown[]): Promise<unknown>;
}

async function openDuckDb(): Promise<DuckConnection> {
  const from = process.env.STILLROOM_BENCH_DUCKDB ?? '@duckdb/node-api';
  let api: { DuckDBInstance: { create(path: string): Promise<{ connect(): Promise<DuckConnection> }> } };
  try {
    api = await import(from);
  } catch {
    throw new Error(`the engines section needs DuckDB, which Stillroom does not depend on: npm install --no-save @duckdb/node-api@1.5.6-r.1 (or set STILLROOM_BENCH_DUCKDB to its folder); could not load ${from}`);
  }
  return (await api.DuckDBInstance.create(':memory:')).connect();
}

const DUCK_TYPES = { text: 'VARCHAR', integer: 'BIGINT', real: 'DOUBLE' } as const;

/** The frames table into DuckDB through a CSV file (its fastest path in without extensions, which need the network). */
async function copyIntoDuckDb(db: DB, duck: DuckConnection, scratch: string): Promise<void> {
  const csv = createWriteStream(scratch);
  const field = (value: unknown) => (value === null ? '' : typeof value === 'string' ? `"${value.replace(/"/g, '""')}"` : String(value));
  csv.write(`${FRAME_COLUMN_NAMES.join(',')}\n`);
  for (const row of db.prepare(`SELECT ${FRAME_SELECT_LIST} FROM frames`).raw().iterate() as Iterable<unknown[]>) {
    if (!csv.write(`${row.map(field).join(',')}\n`)) await once(csv, 'drain');
  }
  csv.end();
  await once(csv, 'finish');
  const columns = FRAME_COLUMN_NAMES.map((c) => `'${c}': '${DUCK_TYPES[FRAME_COLUMNS[c].type]}'`).join(', ');
  await duck.run(`CREATE TABLE frames AS SELECT * FROM read_csv('${scratch}', header = true, allow_quoted_nulls = false, columns = {${columns}})`);
  rmSync(scratch);
}

function duckOrder(sort: Sort | null): string {
  if (!sort) return '"film", "frame"';
  return `${quoted(sort.column)}${sort.desc ? ' DESC' : ''} NULLS LAST, "film", "frame"`;
}

/** One API request as DuckDB SQL; answers the total, for the check against the columnar copy. */
async function duckRequest(duck: DuckConnection, query: string): Promise<number> {
  const params = new URLSearchParams(query);
  const where = buildWhere(params);
  // SQLite's `IS NOT ?` compares values; DuckDB spells it IS DISTINCT FROM.
  const duckWhere = { ...where, sql: where.sql.replace(/ IS NOT \?/g, ' IS DISTINCT FROM ?') };
  const sql = whereSql(duckWhere);
  const values = where.params;
  const page = parsePageRequest(params);
  const histograms = parseHistogramRequest(params);
  const total = Number((await duck.runAndReadAll(`SELECT count(*) FROM frames${sql}`, values)).getRows()[0][0]);
  if (page.size > 0) {
    await duck.runAndReadAll(`SELECT ${FRAME_SELECT_LIST} FROM frames${sql} ORDER BY ${duckOrder(page.sort)} LIMIT ? OFFSET ?`, [...values, page.size + 1, page.offset]);
  }
  if (page.facets.length > 0) {
    const sets = page.facets.map((c) => `(${quoted(c)})`).join(', ');
    await duck.runAndReadAll(`SELECT ${page.facets.map(quoted).join(', ')}, count(*) FROM frames${sql} GROUP BY GROUPING SETS (${sets})`, values);
  }
  for (const column of histograms.columns) {
    const c = quoted(column);
    const [min, max] = (await duck.runAndReadAll(`SELECT min(${c}), max(${c}) FROM frames${sql}`, values)).getRows()[0].map(Number);
    const width = Math.max((max - min) / histograms.bins, 1e-9);
    const binned = whereSql(duckWhere, `${c} IS NOT NULL`);
    await duck.runAndReadAll(`SELECT least(CAST(floor((${c} - ?) / ?) AS BIGINT), ?) AS bin, count(*) FROM frames${binned} GROUP BY bin`, [
      min,
      width,
      histograms.bins - 1,
      ...values,
    ]);
  }
  return total;
}

interface EngineRuns {
  columnar: Map<string, number[]>;
  duckdb: Map<string, number[]>;
  sqlite: Map<string, number[]>;
}

function rssMiB(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

async function benchEnginesOn(frames: number, runs: number): Promise<string> {
  benchLibrary(frames);
  const db = openDatabase(path.resolve(`data/bench/queries-${frames}.db`), { readonly: true });
  pickClickFrames(db);
  const before = rssMiB();
  let started = performance.now();
  enableColumnar(db, 'sync');
  if (!columnarFor(db)) throw new Error('the columnar copy did not load');
  const columnarLoad = { seconds: (performance.now() - started) / 1000, mib: rssMiB() - before };
  const duck = await openDuckDb();
  const beforeDuck = rssMiB();
  started = performance.now();
  await copyIntoDuckDb(db, duck, path.resolve(`data/bench/tmp/engines-${frames}.csv`));
  const duckLoad = { seconds: (performance.now() - started) / 1000, mib: rssMiB() - beforeDuck };

  const times: EngineRuns = { columnar: new Map(), duckdb: new Map(), sqlite: new Map() };
  const add = (engine: keyof EngineRuns, about: string, t: number) => times[engine].set(about, [...(times[engine].get(about) ?? []), t]);
  // SQLite costs seconds a click at 1M frames: three runs of it say enough there.
  const sqliteRuns = frames > 200_000 ? Math.min(runs, 3) : runs;
  for (let run = 0; run < runs; run++) {
    for (const click of COLUMN_CLICKS) {
      const requests = clickRequests(click.state(run, 0));
      const engines: Array<keyof EngineRuns> = run < sqliteRuns ? ['columnar', 'duckdb', 'sqlite'] : ['columnar', 'duckdb'];
      // Each engine goes first in turn, so none always finds the caches warmed by another.
      for (let i = 0; i < engines.length; i++) {
        const engine = engines[(run + i) % engines.length];
        const t0 = performance.now();
        const totals: number[] = [];
        for (const q of requests) {
          if (engine === 'duckdb') totals.push(await duckRequest(duck, q));
          else queryFrames(db, new URLSearchParams(q), { path: engine === 'sqlite' ? 'sql' : 'auto' });
        }
        add(engine, click.about, performance.now() - t0);
        totals.forEach((total, j) => {
          const expected = queryFrames(db, new URLSearchParams(requests[j])).total;
          if (total !== expected) throw new Error(`DuckDB counted ${total} frames for ${requests[j]}, the columnar copy ${expected}`);
        });
      }
    }
  }
  db.close();

  const cell = (samples: number[] | undefined) => (samples?.length ? [ms(median(samples)), ms(percentile(samples, 95))] : ['-', '-']);
  const rows = COLUMN_CLICKS.map((click) => [
    click.about,
    String(clickRequests(click.state(0, 0)).length),
    ...cell(times.columnar.get(click.about)),
    ...cell(times.duckdb.get(click.about)),
    ...cell(times.sqlite.get(click.about)),
  ]);
  const all = (engine: keyof EngineRuns) => [...times[engine].values()].flat();
  rows.push(['**every click**', '', ...cell(all('columnar')), ...cell(all('duckdb')), ...cell(all('sqlite'))]);
  return [
    `**${frames.toLocaleString('en')} frames**, ${runs} runs of ${COLUMN_CLICKS.length} clicks (SQLite ${sqliteRuns}); in-process, no HTTP, the requests of a click one after another; every DuckDB total was checked against the columnar copy's, outside the timing.`,
    '',
    table(['click', 'requests', 'columnar p50 ms', 'p95 ms', 'DuckDB p50 ms', 'p95 ms', 'SQLite p50 ms', 'p95 ms'], rows),
    '',
    `- loading: the columnar copy ${columnarLoad.seconds.toFixed(1)} s from the database (+${columnarLoad.mib.toFixed(0)} MiB RSS); DuckDB ${duckLoad.seconds.toFixed(1)} s through a CSV file (+${duckLoad.mib.toFixed(0)} MiB RSS)`,
  ].join('\n');
}

export async function benchEngines(sizes: number[], runs: number): Promise<string> {
  const blocks: string[] = [];
  for (const frames of sizes) blocks.push(await benchEnginesOn(frames, runs));
  return [
    'Command: `npm run bench -- --only engines` (`--big` adds 1M frames; needs `npm install --no-save @duckdb/node-api@1.5.6-r.1` first). The click section\'s clicks made of column filters, answered in one process by the columnar copy (`queryFrames`), by DuckDB 1.5 in memory (the same WHERE from the filter registry; a request\'s facets in one GROUPING SETS scan; a GROUP BY per histogram) and by SQLite (`queryFrames`\' SQL path), engines taking turns to go first.',
    '',
    ...blocks,
  ].join('\n\n');
}
