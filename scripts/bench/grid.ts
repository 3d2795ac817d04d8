/**
 * The grid in Chromium, on the 100k-frame library: time from a filter change
 * (a shot-type preset) to the first thumbnail shown, with the thumbnail cache
 * warm (after the palette analysis `npm start` runs has pre-generated the
 * grid's widths) and cold (cleared just before the click); then long tasks
 * (> 50 ms) while scrolling through every result.
 */
import { existsSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type Browser } from '@playwright/test';
import { SHOT_PRESETS } from '@/lib/ui/shot-presets';
import { PREGENERATED_WIDTHS } from '@/lib/thumb-widths';
import { benchLibrary } from './ingest';
import { waitForColumnar } from './click';
import { giveFilmJpegs } from './jpegs';
import { ingestForBench, median, ms, percentile } from './lib/stats';
import { startServer } from './lib/server';

const FILM = 'bench_film_001_2020';
const VIEWPORT = { width: 1600, height: 1000 };
// Two presets whose results are disjoint: each run starts on one and clicks the other, so no
// thumbnail the click needs was loaded by the page before it.
const [MEDIUM_CLOSE_UP, MEDIUM] = ['medium-close-up', 'medium'].map((id) => SHOT_PRESETS.find((p) => p.id === id)!);

interface FilterChange {
  /** From the click to the first tile's thumbnail decoded. */
  shown: number;
  /** From the click to the sidebar's counts shown (none stale). */
  counts: number;
  /** From the click to the results' first window answered, to the first tile's thumbnail requested and received. */
  windowAnswered: number;
  imageRequested: number;
  imageReceived: number;
}

/** Waits until the background analysis has cached every pre-generated width of every frame with a JPEG. */
async function waitForPregeneratedThumbnails(db: string, cacheDir: string): Promise<number> {
  const started = Date.now();
  const reader = new Database(db, { readonly: true });
  const films = reader.prepare('SELECT film, count(*) AS n FROM frames WHERE has_image = 1 GROUP BY film').all() as Array<{ film: string; n: number }>;
  reader.close();
  for (;;) {
    const missing = films.some(({ film, n }) => {
      const dir = path.join(cacheDir, film);
      const names = existsSync(dir) ? readdirSync(dir) : [];
      return PREGENERATED_WIDTHS.some((w) => names.filter((name) => name.includes(`_w${w}_`)).length < n);
    });
    if (!missing) return (Date.now() - started) / 1000;
    if (Date.now() - started > 30 * 60_000) throw new Error('the palette analysis did not pre-generate the thumbnails within 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

/** One filter change in a fresh browser context (empty HTTP and image caches); `beforeClick` runs once the page is settled. */
async function filterChange(browser: Browser, url: string, run: number, beforeClick: () => void): Promise<FilterChange> {
  const [from, to] = run % 2 ? [MEDIUM, MEDIUM_CLOSE_UP] : [MEDIUM_CLOSE_UP, MEDIUM];
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const start = new URLSearchParams([['film', FILM], ...from.entries.map(([k, v]) => [k, v]), ['view.tile', String(180 + (run % 5) * 10)]]);
    await page.goto(`${url}/?${start}`);
    // A tile, not an image: the library's first films have no JPEGs at 1M frames.
    await page.locator('.grid-scroll .tile-button').first().waitFor();
    await page.waitForLoadState('networkidle');
    await page.evaluate(() => {
      // The grid is keyed by its query: the new results come in a new element.
      document.querySelector('.grid-scroll')!.setAttribute('data-before-click', '');
      performance.clearResourceTimings();
      document.addEventListener('click', (event) => ((window as unknown as { clickedAt: number }).clickedAt = event.timeStamp), { capture: true, once: true });
    });
    beforeClick();
    await page.getByRole('button', { name: to.label, exact: true }).click();
    // No named functions in here: tsx would wrap them in a helper the page does not have.
    return await page.evaluate(async () => {
      let img: HTMLImageElement | null = null;
      for (;;) {
        img = document.querySelector<HTMLImageElement>('.grid-scroll:not(.pending):not([data-before-click]) img');
        if (img && img.complete && img.naturalWidth > 0) break;
        await new Promise((resolve) => requestAnimationFrame(resolve));
      }
      await img.decode();
      const imageShown = performance.now();
      // The sidebar's counts: stale from the click until the facet requests have answered and rendered.
      while (document.querySelector('.choices.stale, .segmented.stale, .range.stale')) await new Promise((resolve) => requestAnimationFrame(resolve));
      const countsShown = performance.now();
      const clickedAt = (window as unknown as { clickedAt: number }).clickedAt;
      const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const firstWindow = resources.find((r) => r.name.includes('/api/frames?') && r.name.includes('_offset=0&'));
      const image = resources.find((r) => r.name === img.src);
      return {
        shown: imageShown - clickedAt,
        counts: countsShown - clickedAt,
        windowAnswered: (firstWindow?.responseEnd ?? Number.NaN) - clickedAt,
        imageRequested: (image?.startTime ?? Number.NaN) - clickedAt,
        imageReceived: (image?.responseEnd ?? Number.NaN) - clickedAt,
      };
    });
  } finally {
    await context.close();
  }
}

function summary(label: string, runs: FilterChange[]): string {
  const med = (key: keyof FilterChange) => ms(median(runs.map((r) => r[key])));
  const shown = runs.map((r) => r.shown);
  const counts = runs.map((r) => Math.max(r.shown, r.counts));
  return (
    `- ${label}, ${runs.length} runs: first thumbnail **median ${ms(median(shown))} ms, p95 ${ms(percentile(shown, 95))} ms**; ` +
    `counts and first thumbnail both on screen **median ${ms(median(counts))} ms, p95 ${ms(percentile(counts, 95))} ms**. ` +
    `Medians from the click: results' first window answered at ${med('windowAnswered')} ms, first thumbnail requested at ${med('imageRequested')} ms, received at ${med('imageReceived')} ms.`
  );
}

export async function benchGrid(sizes: number[], runs: number): Promise<string> {
  const blocks: string[] = [];
  for (const frames of sizes) blocks.push(await benchGridOn(frames, runs, 3340 + blocks.length));
  return blocks.join('\n\n');
}

async function benchGridOn(frames: number, runs: number, port: number): Promise<string> {
  const library = benchLibrary(frames);
  const jpegs = await giveFilmJpegs(library, FILM, 6667);
  const db = path.resolve(`data/bench/grid-${frames}.db`);
  const cacheDir = `${db}.cache`;
  ingestForBench(library, db);
  const server = await startServer(library, db, port);
  // Clicks before the columnar copy is ready would time SQLite, the fallback while it loads.
  await waitForColumnar(server);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const waited = await waitForPregeneratedThumbnails(db, cacheDir);
    const warm: FilterChange[] = [];
    for (let i = 0; i < runs; i++) warm.push(await filterChange(browser, server.url, i, () => {}));
    // Cold: after the page settled, the film's JPEGs get new mtimes, as if re-extracted, and its
    // cached thumbnails are deleted: no thumbnail on disk or in the server's memory of recent ones
    // matches, so sharp makes every one the click needs.
    const reextract = () => {
      // The server may be writing a thumbnail into the folder meanwhile: retry, as rm -rf would.
      rmSync(path.join(cacheDir, FILM), { recursive: true, force: true, maxRetries: 5 });
      const now = new Date();
      for (const name of readdirSync(jpegs)) utimesSync(path.join(jpegs, name), now, now);
    };
    const cold: FilterChange[] = [];
    for (let i = 0; i < runs; i++) cold.push(await filterChange(browser, server.url, i, reextract));

    // Every result of the library, scrolled from top to bottom in steps, with long tasks recorded.
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${server.url}/?view.tile=160`);
    // A tile, not an image: the library's first films have no JPEGs at 1M frames.
    await page.locator('.grid-scroll .tile-button').first().waitFor();
    const scroll = await page.evaluate(async () => {
      const tasks: number[] = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => tasks.push(e.duration))).observe({ type: 'longtask', buffered: false });
      const grid = document.querySelector<HTMLElement>('.grid-scroll')!;
      const started = performance.now();
      let steps = 0;
      while (grid.scrollTop + grid.clientHeight < grid.scrollHeight - 1 && steps < 2000) {
        grid.scrollTop += grid.clientHeight * 2;
        steps++;
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 16)));
      }
      return { tasks, steps, seconds: (performance.now() - started) / 1000, height: grid.scrollHeight };
    });
    const total = await page.getByTestId('result-count').textContent();
    const longest = scroll.tasks.length ? Math.max(...scroll.tasks) : 0;
    return [
      `**${frames.toLocaleString('en')} frames.** Command: \`npm run bench -- --only grid\` (\`--big\` adds the 1M library). The production server (\`npm start\`) on the library (one film with 6,667 real-size JPEGs, the rest metadata only), Debian Chromium driven by Playwright, 1600x1000 viewport, 1x pixels (tiles of 180-220 px ask for 240 or 320 px thumbnails).`,
      '',
      `Filter change to first thumbnail shown: each run opens the film with one shot-type preset in a fresh browser context (empty HTTP and image caches), waits for the page to settle, then clicks another preset whose frames are disjoint from it; timed in the page from the click event until the new results' first tile has its thumbnail decoded.`,
      '',
      summary(`Warm: after the background palette analysis pre-generated the grid's thumbnails (the bench waited ${waited.toFixed(0)} s for it)`, warm),
      summary("Cold: just before the click the film's JPEGs were touched (as if re-extracted) and its cached thumbnails deleted, so sharp makes every thumbnail on demand", cold),
      `- Scrolling ${scroll.steps >= 2000 ? `the first 2,000 steps of two screens through ${total} results` : `through all ${total} results`} at 160 px tiles (${scroll.steps} steps of two screens, ${scroll.seconds.toFixed(1)} s, grid page ${Math.round(scroll.height).toLocaleString('en')} px tall): ${scroll.tasks.length} long tasks over 50 ms${scroll.tasks.length ? `, the longest ${ms(longest)} ms` : ''}.`,
    ].join('\n');
  } finally {
    await browser.close();
    server.stop();
  }
}
