/** Reads and writes frame_hashes (db/007_frame_hashes.sql). */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import type { FrameHash } from './hash';

export interface HashRecord {
  film: string;
  frame: number;
  source: { size: number; mtimeMs: number };
  /** null when the JPEG could not be decoded (the palette's record says why). */
  hash: FrameHash | null;
}

const statements = preparedFor((db: DB) => ({
  upsert: db.prepare(
    'INSERT INTO frame_hashes (film, frame, hash_hi, hash_lo, mean_l, mean_a, mean_b, source_size, source_mtime_ms, analyzed_at) ' +
      'VALUES (@film, @frame, @hi, @lo, @l, @a, @b, @size, @mtime, @at) ON CONFLICT (film, frame) DO UPDATE SET ' +
      'hash_hi = excluded.hash_hi, hash_lo = excluded.hash_lo, mean_l = excluded.mean_l, mean_a = excluded.mean_a, mean_b = excluded.mean_b, ' +
      'source_size = excluded.source_size, source_mtime_ms = excluded.source_mtime_ms, analyzed_at = excluded.analyzed_at',
  ),
  one: db.prepare<[string, number], { hash_hi: number; hash_lo: number; mean_l: number; mean_a: number; mean_b: number }>(
    'SELECT hash_hi, hash_lo, mean_l, mean_a, mean_b FROM frame_hashes WHERE film = ? AND frame = ? AND hash_hi IS NOT NULL',
  ),
}));

/** Writes hashes in one immediate transaction (a savepoint when called inside one). */
export function writeHashes(db: DB, records: readonly HashRecord[]): void {
  const { upsert } = statements(db);
  const at = new Date().toISOString();
  db.transaction(() => {
    for (const r of records) {
      upsert.run({
        film: r.film,
        frame: r.frame,
        hi: r.hash?.hi ?? null,
        lo: r.hash?.lo ?? null,
        l: r.hash?.l ?? null,
        a: r.hash?.a ?? null,
        b: r.hash?.b ?? null,
        size: r.source.size,
        mtime: r.source.mtimeMs,
        at,
      });
    }
  }).immediate();
}

/** A frame's hash; null when it has none (not analysed, or not decodable). */
export function readHash(db: DB, film: string, frame: number): FrameHash | null {
  const row = statements(db).one.get(film, frame);
  return row ? { hi: row.hash_hi, lo: row.hash_lo, l: row.mean_l, a: row.mean_a, b: row.mean_b } : null;
}
