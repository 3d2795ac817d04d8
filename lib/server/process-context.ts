/**
 * The configuration and the one database handle of the server process,
 * shared by the Next.js route handlers (through ./context) and the custom
 * server's own thumbnail handler, which runs outside Next's bundle and so
 * cannot import a 'server-only' module.
 */
import { readConfig, type Config } from '@/lib/config';
import { openDatabase, type DB } from '@/lib/db/connection';

export interface ServerContext {
  config: Config;
  db: DB;
}

// On globalThis: the custom server and Next's bundled route modules are separate module instances in one
// process, and `next dev` reloads modules on every edit; both should reuse the open handle.
const holder = globalThis as typeof globalThis & { __stillroomContext?: ServerContext };

/** Opened on first use, not at import, so `next build` never touches the database. */
export function serverContext(): ServerContext {
  if (!holder.__stillroomContext) {
    const config = readConfig();
    holder.__stillroomContext = { config, db: openDatabase(config.dbFile) };
  }
  return holder.__stillroomContext;
}
