/**
 * Near-duplicates (docs/search.md): which hash separates copies from other
 * shots best on textured frames, what hashing adds to the analysis of
 * real-size JPEGs, and, on a made-up library of 1M frames, grouping every
 * hash, `_dupes_of`, and `_collapse` through queryFrames. Run alone with
 * `npx tsx scripts/bench/dupes.ts [--runs N] [--frames N]`, or benchDupes in
 * the suite (`npm run bench -- --only dupes`).
 *
 * The 1M library is written straight into SQLite (films, frames with shots
 * of 1-16 frames and primary faces, and frame_hashes): hashes of one shot
 * are its base hash with 0-4 bits flipped, with 2 % of frames copies of a
 * frame of another film (a logo, a re-release), so groups and candidates
 * look like a library's. JPEGs are not needed for these measures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { type DB, openDatabase } from '@/lib/db/connection';
import { hammingDistance, hashPixels, type FrameHash, type HashKind } from '@/lib/dupes/hash';
import { libraryGroups, libraryHashes, libraryIndex } from '@/lib/dupes/library';
import { DEFAULT_DUPE_DISTANCE } from '@/lib/dupes/match';
import { brightened, cropped, filmColours, makeScene, reencoded, shotFrame } from '@/lib/dupes/synthetic';
import { parseExportRequest, planExport } from '@/lib/export';
import { decodeForPalette, paletteOfDecoded } from '@/lib/palette/extract';
import { queryFrames } from '@/lib/query/frames';
import { seededRandom } from '@/lib/seeded-random';
import { median, ms, percentile, table } from './lib/stats';

const W = 1920;
const H = 1080;

interface Sample {
  film: number;
  shot: number;
  kind: 'frame' | 'reencoded' | 'brightened' | 'cropped';
  file: string;
}

/** Textured real-size frames: 4 films × 6 shots × 6 frames (the camera drifting up to 24 px a frame, 48 px from where it started), and copies of each shot's first frame. */
async function makeSamples(dir: string): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let film = 0; film < 4; film++) {
    for (let shot = 0; shot < 6; shot++) {
      const scene = await makeScene(W, H, filmColours(film + 1), film * 100 + shot + 1);
      const next = seededRandom(film * 1000 + shot);
      let dx = 0;
      let dy = 0;
      for (let f = 0; f < 6; f++) {
        const jpeg = await shotFrame(scene, dx, dy, film * 10000 + shot * 10 + f);
        const add = async (kind: Sample['kind'], bytes: Buffer) => {
          const file = path.join(dir, `${film}-${shot}-${f}-${kind}.jpg`);
          writeFileSync(file, bytes);
          samples.push({ film, shot, kind, file });
        };
        await add('frame', jpeg);
        if (f === 0) {
          await add('reencoded', await reencoded(jpeg, 55));
          await add('brightened', await brightened(jpeg, 1.15));
          await add('cropped', await cropped(jpeg, 12));
        }
        dx = Math.max(-48, Math.min(48, dx + Math.round((next() - 0.5) * 48)));
        dy = Math.max(-48, Math.min(48, dy + Math.round((next() - 0.5) * 24)));
      }
    }
  }
  return samples;
}

async function hashOfFile(file: string, kind: HashKind): Promise<FrameHash> {
  const { data, info } = await decodeForPalette(file);
  return hashPixels({ data, width: info.width, height: info.height, channels: info.channels }, kind);
}

/** Distances between pairs of each sort, per hash: the copies and camera moves must stay below the other shots. */
async function hashChoice(samples: Sample[]): Promise<string> {
  const rows: Array<Array<string | number>> = [];
  for (const kind of ['dhash', 'phash'] as HashKind[]) {
    const hashes = await Promise.all(samples.map((s) => hashOfFile(s.file, kind)));
    const pairs: Record<string, number[]> = { reencoded: [], brightened: [], cropped: [], 'camera move (same shot)': [], 'other shot, same film': [], 'other film': [] };
    for (let i = 0; i < samples.length; i++) {
      for (let j = i + 1; j < samples.length; j++) {
        const [a, b] = [samples[i], samples[j]];
        const d = hammingDistance(hashes[i], hashes[j]);
        if (a.film !== b.film) pairs['other film'].push(d);
        else if (a.shot !== b.shot) pairs['other shot, same film'].push(d);
        else if (a.kind === 'frame' && b.kind === 'frame') pairs['camera move (same shot)'].push(d);
        else if (a.kind === 'frame' && samples.indexOf(a) === samples.findIndex((s) => s.film === a.film && s.shot === a.shot)) pairs[b.kind]?.push(d);
      }
    }
    const copies = [...pairs.reencoded, ...pairs.brightened, ...pairs.cropped];
    const others = [...pairs['other shot, same film'], ...pairs['other film']];
    const moves = pairs['camera move (same shot)'];
    rows.push([
      kind,
      Math.max(...pairs.reencoded),
      Math.max(...pairs.brightened),
      Math.max(...pairs.cropped),
      `${median(moves)} / ${Math.max(...moves)}`,
      `${Math.min(...others)} / ${median(others)}`,
      Math.min(...others) - Math.max(...copies),
      `${((100 * moves.filter((d) => d <= DEFAULT_DUPE_DISTANCE).length) / moves.length).toFixed(0)} %`,
    ]);
  }
  return table(
    ['hash', 're-encoded q55 (max)', 'brightened 15 % (max)', 'cropped 12 px (max)', 'camera move (median / max)', 'other shots (min / median)', 'gap: others min − copies max', `moves within ${DEFAULT_DUPE_DISTANCE}`],
    rows,
  );
}

/**
 * Per frame, one at a time: the analysis's decode and palette, and the hash
 * of the same decoded pixels timed alone (what hashing adds: no decode of
 * its own), each the median of `runs` passes.
 */
async function hashingCost(samples: Sample[], runs: number): Promise<{ palette: number; hash: number }> {
  const files = samples.filter((s) => s.kind === 'frame').map((s) => s.file);
  const palette: number[] = [];
  const hash: number[] = [];
  for (let run = 0; run < runs; run++) {
    let analysis = 0;
    let hashing = 0;
    for (const file of files) {
      let started = performance.now();
      const decoded = await decodeForPalette(file);
      await paletteOfDecoded(decoded);
      analysis += performance.now() - started;
      started = performance.now();
      hashPixels({ data: decoded.data, width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels });
      hashing += performance.now() - started;
    }
    palette.push(analysis / files.length);
    hash.push(hashing / files.length);
  }
  return { palette: median(palette), hash: median(hash) };
}

/** A made-up library of `frames` frames in 20 films, with hashes, straight into SQLite. */
function makeLibrary(db: DB, frames: number): void {
  const next = seededRandom(99);
  // pHash sets about half its bits (each frequency against the median): base hashes with 32 ones, as real ones.
  const balanced = () => {
    const positions = Array.from({ length: 64 }, (_, i) => i);
    for (let i = 63; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [positions[i], positions[j]] = [positions[j], positions[i]];
    }
    let hi = 0;
    let lo = 0;
    for (const bit of positions.slice(0, 32)) {
      if (bit < 32) hi |= 1 << bit;
      else lo |= 1 << (bit - 32);
    }
    return { hi: hi >>> 0, lo: lo >>> 0 };
  };
  const flip = (h: { hi: number; lo: number }, n: number) => {
    let { hi, lo } = h;
    for (let f = 0; f < n; f++) {
      const bit = Math.floor(next() * 64);
      if (bit < 32) hi = (hi ^ (1 << bit)) >>> 0;
      else lo = (lo ^ (1 << (bit - 32))) >>> 0;
    }
    return { hi, lo };
  };
  const films = 20;
  const perFilm = Math.ceil(frames / films);
  const insertFilm = db.prepare("INSERT INTO films (film, frame_count, fingerprint, ingested_at) VALUES (?, ?, '', '')");
  const insertFrame = db.prepare('INSERT INTO frames (film, frame, shot_id, shot_cluster, p_face_size, prim_char_flag, faces_found, has_image) VALUES (?, ?, ?, ?, ?, ?, ?, 1)');
  const insertHash = db.prepare("INSERT INTO frame_hashes (film, frame, hash_hi, hash_lo, mean_l, mean_a, mean_b, source_size, source_mtime_ms, analyzed_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1, '')");
  const earlier: Array<{ hi: number; lo: number; l: number }> = [];
  db.transaction(() => {
    for (let f = 0; f < films; f++) {
      const film = `film_${String(f).padStart(2, '0')}_2020`;
      insertFilm.run(film, perFilm);
      let frame = 1;
      let shot = 0;
      while (frame <= perFilm) {
        const length = 1 + Math.floor(next() * 16);
        const base = balanced();
        const l = next() * 100;
        for (let k = 0; k < length && frame <= perFilm; k++, frame++) {
          const copy = earlier.length > 0 && next() < 0.02 ? earlier[Math.floor(next() * earlier.length)] : null;
          const h = copy ? flip(copy, Math.floor(next() * 3)) : flip(base, Math.floor(next() * 5));
          const face = next() < 0.6 ? next() * 30 : null;
          insertFrame.run(film, frame, shot, shot % 40, face, face === null ? 0 : 1, face === null ? 0 : 1);
          insertHash.run(film, frame, h.hi, h.lo, copy ? copy.l : l, 0, 0);
          if (k === 0 && next() < 0.05) earlier.push({ ...h, l });
        }
        shot++;
      }
    }
  })();
}

/** Wall time, and the process's CPU time: on a shared machine the wall time also counts waiting for a core. */
function timed<T>(work: () => T): { value: T; ms: number; cpuMs: number } {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

export async function benchDupes(runs: number, frames = 1_000_000): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'stillroom-bench-dupes-'));
  try {
    console.error('textured frames (1920x1080)');
    const samples = await makeSamples(dir);
    const choice = await hashChoice(samples);
    const cost = await hashingCost(samples, runs);

    console.error(`library of ${frames.toLocaleString('en')} frames`);
    const db = openDatabase(path.join(dir, 'dupes.db'));
    makeLibrary(db, frames);
    const load = timed(() => libraryHashes(db));
    const index = timed(() => libraryIndex(db));
    const grouping = [timed(() => libraryGroups(db))];
    for (let r = 1; r < Math.min(runs, 3); r++) grouping.push(timed(() => index.value.groups(index.value.members, DEFAULT_DUPE_DISTANCE)));
    const groups = new Set(grouping[0].value).size;

    const next = seededRandom(5);
    const hashes = load.value;
    const pick = () => Math.floor(next() * hashes.count);
    const query = (params: string) => {
      const times: number[] = [];
      let total = 0;
      for (let r = 0; r < Math.max(runs, 20); r++) {
        const i = pick();
        const text = params.replace('{frame}', `${hashes.films[hashes.film[i]]}:${hashes.frame[i]}`);
        const t = timed(() => queryFrames(db, new URLSearchParams(text)));
        times.push(t.ms);
        total = t.value.total;
      }
      return { median: median(times), p95: percentile(times, 95), total };
    };
    query('_dupes_of={frame}&_size=100'); // the first query after the load pays nothing more; warm the statement cache
    const dupesOf = query('_dupes_of={frame}&_size=100');
    const collapseShot = query('film=film_03_2020&_collapse=shot&_size=100');
    const collapseDupes = query('film=film_03_2020&_collapse=dupes&_size=100');
    const collapse100k = query('film=film_00_2020&film=film_01_2020&_collapse=shot&_size=100');
    const collapseAll = query('_collapse=shot&_size=100');
    // What the export dialog's preview and every export pay before writing: 100k frames, split by shot.
    const planning: Array<{ ms: number; cpuMs: number }> = [];
    for (let r = 0; r < Math.min(runs, 3); r++) {
      const { options } = parseExportRequest({ query: 'film=film_00_2020&film=film_01_2020', layout: 'flat', split: { train: 0.8, test: 0.2 }, seed: r, target: 'zip' });
      planning.push(timed(() => planExport(db, options)));
    }
    db.close();

    const rows: Array<Array<string | number>> = [
      ['analysis per 1920x1080 JPEG: decode + palette, and the hash of the same pixels', `${ms(cost.palette)} ms + ${cost.hash.toFixed(2)} ms (+${((100 * cost.hash) / cost.palette).toFixed(1)} %)`, 'under 10 %'],
      [`reading ${frames.toLocaleString('en')} hashes from SQLite into memory (once per change)`, `${ms(load.ms)} ms`, ''],
      ['building the multi-index', `${ms(index.ms)} ms`, ''],
      [
        `grouping ${frames.toLocaleString('en')} hashes (${groups.toLocaleString('en')} groups, distance ${DEFAULT_DUPE_DISTANCE}): wall / CPU time`,
        `${(median(grouping.map((g) => g.ms)) / 1000).toFixed(2)} s / ${(median(grouping.map((g) => g.cpuMs)) / 1000).toFixed(2)} s`,
        'under 10 s',
      ],
      ['`_dupes_of` (search, total, first page), warm', `${ms(dupesOf.median)} ms (p95 ${ms(dupesOf.p95)})`, 'under 20 ms'],
      [`\`_collapse=shot\` of one film (${(frames / 20).toLocaleString('en')} frames)`, `${ms(collapseShot.median)} ms (p95 ${ms(collapseShot.p95)})`, ''],
      [`\`_collapse=dupes\` of one film (${(frames / 20).toLocaleString('en')} frames), groups formed`, `${ms(collapseDupes.median)} ms (p95 ${ms(collapseDupes.p95)})`, ''],
      [`\`_collapse=shot\` of two films (${(frames / 10).toLocaleString('en')} frames)`, `${ms(collapse100k.median)} ms (p95 ${ms(collapse100k.p95)})`, 'query p95 < 50 ms at 100k'],
      [
        `planning an export of ${(frames / 10).toLocaleString('en')} frames split by shot (groups, near-duplicate groups, leakage): wall / CPU`,
        `${ms(median(planning.map((p) => p.ms)))} ms / ${ms(median(planning.map((p) => p.cpuMs)))} ms`,
        '',
      ],
      [`\`_collapse=shot\` of all ${frames.toLocaleString('en')} frames`, `${ms(collapseAll.median)} ms (p95 ${ms(collapseAll.p95)})`, 'query p95 < 200 ms at 1M'],
    ];
    return [
      `Hash choice, on ${samples.length} textured 1920x1080 JPEGs (4 films × 6 shots × 6 frames, the camera drifting up to 24 px a frame; copies of each shot's first frame), Hamming distances in bits of 64:`,
      '',
      choice,
      '',
      `Speed (median of ${runs} runs; 1M rows: made-up library, see scripts/bench/dupes.ts):`,
      '',
      table(['measure', 'time', 'target'], rows),
    ].join('\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, frames: { type: 'string', default: '1000000' } } });
  benchDupes(Number(values.runs), Number(values.frames)).then(
    (out) => console.log(out),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
