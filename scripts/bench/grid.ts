/**
 * The grid in Chromium, on the 100k-frame library: time from a filter change
 * (a shot-type preset) to the first thumbnails shown, and long tasks (> 50 ms)
 * while scrolling through every result.
 */
import path from 'node:path';
import { chromium } from '@playwright/test';
import { benchLibrary } from './ingest';
import { giveFilmJpegs } from './jpegs';
import { ingestForBench, median, ms, percentile } from './lib/stats';
import { startServer } from './lib/server';

const FILM = 'bench_film_001_2020';

export async function benchGrid(runs: number): Promise<string> {
  const library = benchLibrary(100_005);
  await giveFilmJpegs(library, FILM, 6667);
  const db = path.resolve('data/bench/grid.db');
  ingestForBench(library, db);
  const server = await startServer(library, db, 3340);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const firstShown: number[] = [];
    for (let i = 0; i < runs; i++) {
      await page.goto(`${server.url}/?film=${FILM}&view.tile=${180 + i * 10}`);
      await page.locator('.grid-scroll img').first().waitFor();
      const started = Date.now();
      await page.getByRole('button', { name: i % 2 ? 'Medium close-up' : 'Medium shot', exact: true }).click();
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.grid-scroll img');
        return img !== null && img.complete && img.naturalWidth > 0 && img.getAttribute('src')?.includes('thumb');
      });
      firstShown.push(Date.now() - started);
    }

    // Every result of the library, scrolled from top to bottom in steps, with long tasks recorded.
    await page.goto(`${server.url}/?view.tile=160`);
    await page.locator('.grid-scroll img').first().waitFor();
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
      'Command: `npm run bench -- --only grid`. The production server on the 100k-frame library (one film with JPEGs, the rest metadata only), Debian Chromium driven by Playwright, 1600x1000 viewport.',
      '',
      `- Filter change to first thumbnail shown (a shot-type preset clicked, until the first tile's thumbnail has decoded), ${runs} runs: median ${ms(median(firstShown))} ms, p95 ${ms(percentile(firstShown, 95))} ms.`,
      `- Scrolling through all ${total} results at 160 px tiles (${scroll.steps} steps of two screens, ${scroll.seconds.toFixed(1)} s, grid page ${Math.round(scroll.height).toLocaleString('en')} px tall): ${scroll.tasks.length} long tasks over 50 ms${scroll.tasks.length ? `, the longest ${ms(longest)} ms` : ''}.`,
    ].join('\n');
  } finally {
    await browser.close();
    server.stop();
  }
}
