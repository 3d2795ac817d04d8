/** What the seed notebook's own pandas code selects from the demo library (written by the demo's generator). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface DemoFilmTruth {
  frame_count: number;
  width: number;
  height: number;
  medium_close_up: number[];
}

export interface DemoTruth {
  films: Record<string, DemoFilmTruth>;
}

export const demoTruth = JSON.parse(
  readFileSync(fileURLToPath(new URL('../../demo/demo-truth.json', import.meta.url)), 'utf8'),
) as DemoTruth;

export const DEMO_FILMS = Object.keys(demoTruth.films).sort();
