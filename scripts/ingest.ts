/**
 * npm run ingest -- <LIBRARY> [--db FILE] [--force]
 * Loads a moviegoer library into SQLite. Exit code 1 when any film failed or
 * loaded with problems, 2 on bad usage.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';
import { Progress } from '@/lib/cli/progress';
import { readCliConfig } from '@/lib/config';

const USAGE = 'usage: npm run ingest -- <LIBRARY> [--db FILE] [--force]   (or set STILLROOM_LIBRARY / STILLROOM_DB)';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { db: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean' } } });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const config = readCliConfig(positionals[0], values.db);
  if (config.demo) {
    console.error(`no library given\n${USAGE}`);
    return 2;
  }
  const db = openDatabase(config.dbFile);
  const progress = new Progress();
  const started = Date.now();
  const report = await ingestLibrary(db, config.libraryRoot, {
    force: values.force,
    onProgress: (p) => progress.update({ done: p.filmsDone, total: p.filmsTotal, label: `films  ${p.framesDone.toLocaleString('en')} frames  ${p.film}` }),
  });
  progress.done();
  db.close();

  for (const film of report.films) {
    if (film.error) console.error(`FAILED ${film.error}`);
    for (const problem of film.problems) console.error(`PROBLEM ${problem}`);
  }
  const count = (status: string) => report.films.filter((f) => f.status === status).length;
  const frames = report.films.reduce((sum, f) => sum + f.frames, 0);
  console.log(
    `${count('loaded')} films loaded (${frames.toLocaleString('en')} frames), ${count('skipped')} unchanged, ${count('failed')} failed, ${count('removed')} removed in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${config.dbFile}`,
  );
  return report.withProblems > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
