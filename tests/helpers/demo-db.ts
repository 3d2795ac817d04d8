/**
 * The embedded demo library (real pandas pickles, JPEGs drawn by sharp)
 * ingested into a fresh SQLite file in a temporary folder. The rendered
 * library in data/demo-library is shared and only read; tests that change
 * the library work on a copy (copyDemoLibrary).
 */
import { cpSync } from 'node:fs';
import path from 'node:path';
import { openDatabase, type DB } from '@/lib/db/connection';
import { DEMO_LIBRARY_DIR } from '@/lib/config';
import { ensureDemoLibrary } from '@/lib/demo';
import { ingestLibrary } from '@/lib/ingest';
import { makeTempDir } from './library';

export interface DemoDatabase {
  db: DB;
  dbFile: string;
  /** Library root (the shared rendered demo, or a copy). */
  root: string;
  /** The temporary folder holding the database: tests may write under it. */
  dir: string;
  cleanup: () => void;
}

/** data/demo-library, rendered if needed. */
export function demoLibrary(): Promise<string> {
  return ensureDemoLibrary(DEMO_LIBRARY_DIR);
}

/** A private copy of the demo library under `dir`, for tests that change files. */
export async function copyDemoLibrary(dir: string): Promise<string> {
  const target = path.join(dir, 'library');
  cpSync(await demoLibrary(), target, { recursive: true });
  return target;
}

export async function demoDatabase(prefix: string, options: { copyLibrary?: boolean } = {}): Promise<DemoDatabase> {
  const { dir, cleanup } = makeTempDir(prefix);
  const root = options.copyLibrary ? await copyDemoLibrary(dir) : await demoLibrary();
  const dbFile = path.join(dir, 'demo.db');
  const db = openDatabase(dbFile);
  const report = await ingestLibrary(db, root);
  if (report.withProblems > 0) throw new Error(`demo library ingested with problems: ${JSON.stringify(report.films)}`);
  return {
    db,
    dbFile,
    root,
    dir,
    cleanup: () => {
      db.close();
      cleanup();
    },
  };
}
