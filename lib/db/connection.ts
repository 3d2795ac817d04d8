/**
 * Opens the library database: WAL so the browser keeps reading while an
 * ingest writes, foreign keys on, and the numbered migrations in db/ applied
 * in order, tracked by SQLite's user_version.
 */
import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { registerValueCounts } from './value-counts';

export type DB = Database.Database;

const MIGRATIONS_DIR = path.resolve(process.cwd(), 'db');

interface Migration {
  version: number;
  file: string;
}

function listMigrations(dir: string): Migration[] {
  return readdirSync(dir)
    .map((file) => ({ file, match: /^(\d+)_[\w-]+\.sql$/.exec(file) }))
    .filter((m): m is { file: string; match: RegExpExecArray } => m.match !== null)
    .map(({ file, match }) => ({ version: Number(match[1]), file: path.join(dir, file) }))
    .sort((a, b) => a.version - b.version);
}

/** Applies every migration newer than the database's user_version, each in its own transaction. */
export function migrate(db: DB, dir = MIGRATIONS_DIR): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const pending = listMigrations(dir).filter((m) => m.version > current);
  for (const migration of pending) {
    const sql = readFileSync(migration.file, 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

export interface OpenOptions {
  readonly?: boolean;
  migrationsDir?: string;
}

export function openDatabase(file: string, options: OpenOptions = {}): DB {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file, { readonly: options.readonly ?? false });
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  registerValueCounts(db);
  if (!options.readonly) migrate(db, options.migrationsDir);
  return db;
}
