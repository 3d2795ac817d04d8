/**
 * npm run ingest -- <LIBRARY> [--db FILE] [--force]
 * Loads a moviegoer library into SQLite. Exit code 1 when any film failed or
 * loaded with problems, 2 on bad usage.
 */
import { Progress } from '@/lib/cli/progress';
import { runCli, UsageError } from '@/lib/cli/run';
import { readCliConfig } from '@/lib/config';
import { openDatabase } from '@/lib/db/connection';
import { ingestLibrary } from '@/lib/ingest';

runCli({
  usage: 'usage: npm run ingest -- <LIBRARY> [--db FILE] [--force]   (or set STILLROOM_LIBRARY / STILLROOM_DB)',
  options: { db: { type: 'string' }, force: { type: 'boolean' } },
  async run({ values, positionals, elapsed }) {
    const config = readCliConfig(positionals[0], values.db);
    if (config.demo) throw new UsageError('no library given');
    const db = openDatabase(config.dbFile);
    const progress = new Progress();
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
      `${count('loaded')} films loaded (${frames.toLocaleString('en')} frames), ${count('skipped')} unchanged, ${count('failed')} failed, ${count('removed')} removed in ${elapsed()} -> ${config.dbFile}`,
    );
    return report.withProblems > 0 ? 1 : 0;
  },
});
