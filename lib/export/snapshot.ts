/**
 * The export's view of the database: its own read-only connection inside one
 * transaction, so every pass over the plan sees the same snapshot even if an
 * ingest runs meanwhile, and the long-lived row iterators never block the
 * app's own connection, whose writes (curation) go on during an export.
 */
import { openDatabase, type DB } from '@/lib/db/connection';

export class ReadSnapshot {
  readonly db: DB;
  // Every row iterator handed out, so that none is left open (an open one keeps the connection busy and unclosable).
  private readonly iterators: Array<Generator<unknown>> = [];

  constructor(dbFile: string) {
    this.db = openDatabase(dbFile, { readonly: true });
  }

  begin(): void {
    this.db.exec('BEGIN');
  }

  /** `iterator`, closed with the others by closeIterators(). */
  track<T>(iterator: Generator<T>): Generator<T> {
    this.iterators.push(iterator);
    return iterator;
  }

  closeIterators(): void {
    for (const iterator of this.iterators) iterator.return(undefined);
  }

  commit(): void {
    this.closeIterators();
    this.db.exec('COMMIT');
  }

  /** Safe after commit or a failure, and more than once. */
  close(): void {
    this.closeIterators();
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    if (this.db.open) this.db.close();
  }
}
