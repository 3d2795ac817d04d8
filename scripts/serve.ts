/**
 * The server process scripts/start.ts runs (with the library, database and
 * NODE_ENV in the environment): lib/server/http-server.ts on HOST:PORT.
 * `--dev` serves with Next's development compiler.
 */
import { parseArgs } from 'node:util';
import { readConfig } from '@/lib/config';
import { serve } from '@/lib/server/http-server';

const { values } = parseArgs({ options: { dev: { type: 'boolean', default: false } } });
const config = readConfig();
serve({ dev: values.dev, dir: process.cwd(), host: config.host, port: config.port }).then(
  () => console.log(`Serving on ${config.host}:${config.port} (${values.dev ? 'development' : 'production'} build)`),
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
