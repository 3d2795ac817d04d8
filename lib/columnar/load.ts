/**
 * Reads the frames table into the columnar copy, in one read transaction,
 * so the copy and the version it is stamped with come from one snapshot: a
 * film re-ingested meanwhile is in it whole or not at all.
 */
import type { DB } from '@/lib/db/connection';
import { FRAME_SELECT_LIST } from '@/lib/db/columns';
import { FrameColumnsBuilder, type FrameColumns } from './frame-columns';

/** data_versions' counter for the ingested tables (db/008_data_versions.sql). */
export function framesVersion(db: DB): number {
  return (db.prepare("SELECT version FROM data_versions WHERE name = 'frames'").pluck().get() as number | undefined) ?? 0;
}

export function loadFrameColumns(db: DB): FrameColumns {
  return db.transaction(() => {
    const version = framesVersion(db);
    const rows = db.prepare('SELECT count(*) FROM frames').pluck().get() as number;
    const builder = new FrameColumnsBuilder(rows);
    // The primary key's order: the API's default order, and the sort's tiebreak.
    const statement = db.prepare(`SELECT ${FRAME_SELECT_LIST} FROM frames ORDER BY film, frame`).raw();
    for (const cells of statement.iterate()) builder.add(cells as unknown[]);
    return builder.build(version);
  })();
}
