/**
 * npm start [-- --build]    (npm run dev runs this with --dev)
 *
 * Everything between a fresh checkout and a browser tab (lib/server/launch.ts):
 * the demo library or STILLROOM_LIBRARY ingested, the app built when stale,
 * the server on HOST:PORT, the palette analysis in the background.
 */
import { fileURLToPath } from 'node:url';
import { runCli } from '@/lib/cli/run';
import { launch } from '@/lib/server/launch';

const SCRIPTS = {
  serve: fileURLToPath(new URL('./serve.ts', import.meta.url)),
  analyze: fileURLToPath(new URL('./analyze.ts', import.meta.url)),
};

runCli({
  usage: 'usage: npm start [-- --build] [--host HOST] [--port PORT]   |   npm run dev',
  options: { build: { type: 'boolean' }, dev: { type: 'boolean' }, host: { type: 'string' }, port: { type: 'string' } },
  positionals: false,
  formatError: (message) => `error: ${message}`,
  run: ({ values }) => launch(values, SCRIPTS),
});
