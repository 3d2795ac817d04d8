/**
 * Query latency through HTTP on the production server, for the sidebar's
 * queries, against the seed's way: pandas boolean masks over the loaded
 * DataFrames (in-process, so pandas pays no HTTP at all).
 */
import path from 'node:path';
import { benchLibrary } from './ingest';
import { median, ms, percentile, pythonWorker, table } from './lib/stats';
import { startServer, timeHttp } from './lib/server';

/**
 * Each query as the UI sends it, and the same selection the seed's way
 * (scripts/bench/pandas_queries.py). `api` gets the library's size and the
 * run's number: the deep sort goes halfway down, and "a new sort" varies a
 * filter each run so no run reuses the order the server keeps (see
 * lib/query/sorted-order.ts), while "later windows" step through one kept order.
 */
const QUERIES: Array<{ name: string; api: (frames: number, run: number) => string; about: string }> = [
  { name: 'medium_close_up', api: () => 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20&_size=200', about: 'medium close-up, first page + total' },
  { name: 'faces_ge_2', api: () => 'faces_found__gte=2&_size=200', about: 'faces >= 2' },
  { name: 'emotion_alignment', api: () => 'p_emotion=happy&p_center_alignment=left&_size=200', about: 'emotion + alignment' },
  { name: 'colour', api: () => '_color=c87828&_color_distance=10&_size=200', about: 'colour within ΔE 10' },
  { name: 'facet_emotion', api: () => 'faces_found__gte=1&_size=0&_facet=p_emotion', about: 'facet counts (emotion, faces >= 1)' },
  { name: 'histogram', api: () => '_size=0&_histogram=p_face_size', about: 'histogram of face size' },
  {
    name: 'sort_deep',
    api: (frames, run) => `frame__gte=${run + 2}&_sort_desc=brightness&_size=200&_offset=${Math.floor(frames / 2)}`,
    about: 'sort + window halfway down, a new sort each time',
  },
  {
    name: 'sorted_window',
    api: (frames, run) => `_sort_desc=brightness&_size=200&_offset=${Math.floor(frames / 2) + 200 * run}`,
    about: 'later windows of that sort (order kept)',
  },
];

export async function benchQueries(sizes: number[], runs: number): Promise<string> {
  const sections: string[] = [];
  let port = 3301;
  for (const frames of sizes) {
    const library = benchLibrary(frames);
    const server = await startServer(library, path.resolve(`data/bench/queries-${frames}.db`), port++);
    const pandas = pythonWorker('scripts/bench/pandas_queries.py', [library]);
    await pandas.first();
    const rows: string[][] = [];
    try {
      for (const query of QUERIES) {
        await timeHttp(`${server.url}/api/frames?${query.api(frames, 0)}`); // warm: statement cache, page cache
        const ours: number[] = [];
        const theirs: number[] = [];
        for (let run = 1; run <= runs; run++) {
          ours.push(await timeHttp(`${server.url}/api/frames?${query.api(frames, run)}`));
          theirs.push(Number((await pandas.ask(query.name)).split(' ')[0]) * 1000);
        }
        rows.push([
          query.about,
          `\`${query.api(frames, 1)}\``,
          ms(median(ours)),
          ms(percentile(ours, 95)),
          ms(median(theirs)),
          `${(median(theirs) / median(ours)).toFixed(1)}x`,
        ]);
      }
    } finally {
      pandas.stop();
      server.stop();
    }
    sections.push(
      `**${frames.toLocaleString('en')} frames** (${runs} requests each, sequential, after one warm-up):\n\n` +
        table(['query', 'API', 'Stillroom p50 ms', 'p95 ms', 'pandas p50 ms', 'pandas / Stillroom'], rows),
    );
  }
  return [
    'Command: `npm run bench -- --only queries`. Stillroom answers through HTTP on the production server (`npm start` on the synthetic library, measured from a client on loopback); pandas evaluates the seed notebook\'s boolean masks over the already loaded DataFrames in a long-lived process (`scripts/bench/pandas_queries.py`: `face_sizes.str[0]`, `value_counts`, `sort_values`, `np.histogram`, CIELAB in numpy), so pandas is charged neither HTTP nor loading. Ratios above 1 mean Stillroom is faster.',
    '',
    ...sections,
  ].join('\n\n');
}
