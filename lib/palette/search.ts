/**
 * Palette search, in JS over every analysed palette held in typed arrays
 * per database handle: "frames whose palette contains colours near these"
 * and "frames with a palette like this frame's". One pass per request,
 * a few milliseconds at 100k frames, where the same test in SQL costs tens
 * of milliseconds per statement (count, page, facets each pay it again);
 * and the Earth Mover's Distance is not SQL at all. The like-search drops
 * most frames with two cheap lower bounds before the exact distance: the ΔE
 * between the palettes' mean colours, then each colour's ΔE to the other
 * palette's nearest colour.
 *
 * The copy is reloaded when analysis_versions says frame_palettes changed
 * (its triggers count every write), so an analysis running in another
 * process is seen at the next request.
 */
import type { DB } from '@/lib/db/connection';
import { preparedFor } from '@/lib/db/prepared';
import type { Lab } from '@/lib/color/lab';
import { meanColour, PACKED_SIZE, PACKED_STRIDE, packPalette, PALETTE_MIN_SHARE, paletteDistancePacked } from './distance';
import { PALETTE_SIZE } from './extract';
import { PALETTE_COLOUR_COLUMNS, readPalette } from './store';

export interface PaletteSet {
  version: number;
  count: number;
  films: string[];
  /** Per palette: index into `films`, frame number, packed colours, mean colour. */
  film: Uint32Array;
  frame: Float64Array;
  packed: Float64Array;
  mean: Float64Array;
}

export interface PaletteMatch {
  film: string;
  frame: number;
  /** Earth Mover's Distance to the reference palette, ΔE. */
  distance: number;
}

export interface PaletteSearch<T> {
  matches: T[];
  /** Palettes compared. */
  scanned: number;
  elapsedMs: number;
}

const statements = preparedFor((db: DB) => ({
  version: db.prepare<[], { version: number }>("SELECT version FROM analysis_versions WHERE name = 'frame_palettes'"),
  count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM frame_palettes WHERE s1 IS NOT NULL'),
  // Table order, not key order: a straight scan instead of a lookup per row.
  all: db
    .prepare<[], unknown[]>(`SELECT film, frame, mean_l, mean_a, mean_b, ${PALETTE_COLOUR_COLUMNS.join(', ')} FROM frame_palettes WHERE s1 IS NOT NULL`)
    .raw(),
}));

const loaded = new WeakMap<DB, PaletteSet>();

function load(db: DB, version: number): PaletteSet {
  const s = statements(db);
  const count = s.count.get()?.n ?? 0;
  const set: PaletteSet = {
    version,
    count,
    films: [],
    film: new Uint32Array(count),
    frame: new Float64Array(count),
    packed: new Float64Array(count * PACKED_SIZE),
    mean: new Float64Array(count * 3),
  };
  const filmIndex = new Map<string, number>();
  let i = 0;
  for (const row of s.all.iterate()) {
    const film = row[0] as string;
    let index = filmIndex.get(film);
    if (index === undefined) {
      index = set.films.push(film) - 1;
      filmIndex.set(film, index);
    }
    set.film[i] = index;
    set.frame[i] = row[1] as number;
    for (let c = 0; c < 3; c++) set.mean[i * 3 + c] = row[2 + c] as number;
    // Empty slots are NULL: packed as share 0, which the distance ignores.
    for (let v = 0; v < PACKED_SIZE; v++) set.packed[i * PACKED_SIZE + v] = (row[5 + v] as number | null) ?? 0;
    i++;
  }
  return set;
}

/**
 * The analysed palettes, read once per change of frame_palettes. Version,
 * count and rows are read in one transaction: one snapshot, even while an
 * analysis writes.
 */
export function paletteSet(db: DB): PaletteSet {
  return db.transaction(() => {
    const version = statements(db).version.get()?.version ?? 0;
    let set = loaded.get(db);
    if (!set || set.version !== version) {
      set = load(db, version);
      loaded.set(db, set);
    }
    return set;
  })();
}

/** Σ share × ΔE to the nearest colour of the other palette: no transport can cost less. */
function nearestColourBound(p: Float64Array, pOffset: number, q: Float64Array, qOffset: number): number {
  let total = 0;
  for (let i = 0; i < PALETTE_SIZE; i++) {
    const pi = pOffset + i * PACKED_STRIDE;
    const share = p[pi + 3];
    if (share <= 0) continue;
    let nearest = Infinity;
    for (let j = 0; j < PALETTE_SIZE; j++) {
      const qj = qOffset + j * PACKED_STRIDE;
      if (q[qj + 3] <= 0) continue;
      const dl = p[pi] - q[qj];
      const da = p[pi + 1] - q[qj + 1];
      const db = p[pi + 2] - q[qj + 2];
      const d = dl * dl + da * da + db * db;
      if (d < nearest) nearest = d;
    }
    total += share * Math.sqrt(nearest);
  }
  return total;
}

/**
 * Frames whose palette is within `maxDistance` (Earth Mover's Distance, ΔE)
 * of the palette of `film` frame `frame`, nearest first, that frame itself
 * included; null when that frame has no palette.
 */
export function similarPalettes(db: DB, film: string, frame: number, maxDistance: number): PaletteSearch<PaletteMatch> | null {
  const started = performance.now();
  const set = paletteSet(db);
  const palette = readPalette(db, film, frame);
  if (!palette) return null;
  const reference = packPalette(palette);
  const { l: ml, a: ma, b: mb } = meanColour(palette);
  const { packed, mean } = set;
  // The bounds are rounded differently from the distance: a hair of slack keeps them from dropping a frame exactly at the limit.
  const slack = maxDistance + 1e-9;
  const matches: PaletteMatch[] = [];
  for (let i = 0; i < set.count; i++) {
    const dl = mean[i * 3] - ml;
    const da = mean[i * 3 + 1] - ma;
    const db = mean[i * 3 + 2] - mb;
    if (dl * dl + da * da + db * db > slack * slack) continue;
    const offset = i * PACKED_SIZE;
    if (nearestColourBound(packed, offset, reference, 0) > slack || nearestColourBound(reference, 0, packed, offset) > slack) continue;
    const distance = paletteDistancePacked(packed, offset, reference, 0);
    if (distance <= maxDistance) matches.push({ film: set.films[set.film[i]], frame: set.frame[i], distance });
  }
  matches.sort((p, q) => p.distance - q.distance || (p.film < q.film ? -1 : p.film > q.film ? 1 : p.frame - q.frame));
  return { matches, scanned: set.count, elapsedMs: performance.now() - started };
}

/**
 * Frames whose palette has, for every wanted colour, a colour covering at
 * least `minShare` of the picture within `tolerance` ΔE of it: containsColours
 * (lib/palette/distance.ts) over every analysed frame.
 */
export function palettesContaining(db: DB, wanted: readonly Lab[], tolerance: number, minShare = PALETTE_MIN_SHARE): PaletteSearch<{ film: string; frame: number }> {
  const started = performance.now();
  const set = paletteSet(db);
  const { packed } = set;
  const limit = tolerance * tolerance;
  const matches: Array<{ film: string; frame: number }> = [];
  for (let i = 0; i < set.count; i++) {
    const offset = i * PACKED_SIZE;
    let all = true;
    for (let w = 0; w < wanted.length && all; w++) {
      const { l, a, b } = wanted[w];
      let near = false;
      for (let slot = 0; slot < PALETTE_SIZE && !near; slot++) {
        const at = offset + slot * PACKED_STRIDE;
        // Slots are in falling share order: past the minimum share, the rest are smaller still.
        if (packed[at + 3] < minShare) break;
        const dl = packed[at] - l;
        const da = packed[at + 1] - a;
        const db = packed[at + 2] - b;
        near = dl * dl + da * da + db * db <= limit;
      }
      all = near;
    }
    if (all) matches.push({ film: set.films[set.film[i]], frame: set.frame[i] });
  }
  return { matches, scanned: set.count, elapsedMs: performance.now() - started };
}
