/**
 * The server process scripts/start.ts runs (with the library, database and
 * NODE_ENV in the environment): lib/server/http-server.ts on HOST:PORT.
 * `--dev` serves with Next's development compiler.
 */
import { parseArgs } from 'node:util';
import { enableColumnar } from '@/lib/columnar/engine';
import { loadInWorker } from '@/lib/columnar/worker-loader';
import { readConfig } from '@/lib/config';
import { recoverExportJobsOnce } from '@/lib/export/recovery';
import { serve } from '@/lib/server/http-server';
import { serverContext } from '@/lib/server/process-context';

const { values } = parseArgs({ options: { dev: { type: 'boolean', default: false } } });
const config = readConfig();
// SQLite answers until the columnar copy is ready, then the copy does (docs/query-api.md).
enableColumnar(serverContext().db, () => loadInWorker(config.dbFile), ({ frames, source }, ms) =>
  console.log(`Columnar copy of ${frames.rows.toLocaleString('en')} frames ready in ${(ms / 1000).toFixed(1)} s (from the ${source})`),
);
// An export a killed server was writing is marked failed, and its partial files are removed from the export root.
recoverExportJobsOnce(serverContext().db, config.exportRoot).then(
  ({ interrupted, removed }) => {
    if (interrupted.length + removed.length > 0) console.log(`Exports interrupted by the last stop: ${interrupted.length} marked failed, ${removed.length} partial files removed`);
  },
  (error: unknown) => console.error('error: could not clean up interrupted exports:', error),
);
serve({ dev: values.dev, dir: process.cwd(), host: config.host, port: config.port }).then(
  () => console.log(`Serving on ${config.host}:${config.port} (${values.dev ? 'development' : 'production'} build)`),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
