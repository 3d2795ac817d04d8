/**
 * The export dialog's live plan (POST /api/exports with dryRun) on a large
 * library: `node --import tsx scripts/bench/dry-run.ts DB LIBRARY [RUNS]`.
 * Opens DB read-only (give it a copy); prints the median time of each dry
 * run over RUNS runs after one warm-up, and the frames it planned.
 */
import { dryRunExport, parseExportRequest } from '@/lib/export';
import { openDatabase } from '@/lib/db/connection';
import { median } from './lib/stats';

const MCU = 'prim_char_flag=1&p_face_size__gt=4&p_face_size__lt=20';
const CASES: Array<[string, Record<string, unknown>]> = [
  ['the seed: positive-negative, medium close-ups', { query: MCU, layout: 'positive-negative' }],
  ['the same, split 80/10/10 by shot', { query: MCU, layout: 'positive-negative', split: { train: 0.8, validation: 0.1, test: 0.1 } }],
  ['negatives by query, blank ones left out, split', { query: `${MCU}&p_emotion=happy`, layout: 'positive-negative', negativeQuery: MCU, blankNegatives: false, split: { train: 0.8, test: 0.2 } }],
  ['every frame by p_emotion, split by frame, 3 per shot', { layout: 'by:p_emotion', split: { train: 0.8, test: 0.2 }, splitBy: 'frame', perShot: 3 }],
];

const [dbFile, library, runsArg] = process.argv.slice(2);
if (!dbFile || !library) throw new Error('usage: node --import tsx scripts/bench/dry-run.ts DB LIBRARY [RUNS]');
const runs = Number(runsArg ?? 5);
const db = openDatabase(dbFile, { readonly: true });
const frames = (db.prepare('SELECT count(*) AS n FROM frames WHERE has_image = 1').get() as { n: number }).n;
console.log(`${frames.toLocaleString('en')} frames with a JPEG in ${dbFile}`);
for (const [name, body] of CASES) {
  const { options } = parseExportRequest({ ...body, target: 'folder' });
  const times: number[] = [];
  let planned = 0;
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const plan = await dryRunExport(db, library, options);
    if (i > 0) times.push(performance.now() - started);
    planned = plan.files;
  }
  console.log(`| ${name} | ${planned.toLocaleString('en')} | ${median(times).toFixed(0)} ms |`);
}
db.close();
