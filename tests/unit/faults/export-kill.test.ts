/**
 * SIGKILL the export CLI in the middle of writing (once its partial output
 * exists) and look at what it left: never the finished-looking folder or zip,
 * at most a `<name>.partial-<hex>` beside it, which the next export to the
 * same name ignores (lib/export/folder-sink.ts, zip-sink.ts). A kill gives
 * no chance to clean up, so the partial stays until the user removes it.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';
import { killAfter, seededRandom } from './kill';

const KILLS = 4;

describe('a killed export', () => {
  let demo: DemoDatabase;
  let exportRoot: string;
  let zipDir: string;

  beforeAll(async () => {
    demo = await demoDatabase('faults-export');
    exportRoot = path.join(demo.dir, 'exports');
    zipDir = path.join(demo.dir, 'zips');
    mkdirSync(zipDir);
  });

  afterAll(() => demo?.cleanup());

  /** Every frame of the demo, resized: a few seconds of work to be killed in. */
  function exportCommand(target: string[]): string[] {
    return ['--import', 'tsx', 'scripts/export.ts', demo.root, '--db', demo.dbFile, '--query', '', '--layout', 'flat', '--resize', '96x54', ...target];
  }

  const env = () => ({ STILLROOM_EXPORT_ROOT: exportRoot });
  const partials = (dir: string, name: string) => (existsSync(dir) ? readdirSync(dir).filter((entry) => entry.startsWith(`${name}.partial-`)) : []);

  it(`leaves no finished-looking folder (${KILLS} seeded kills), and the next export to that name completes`, async () => {
    const random = seededRandom(11);
    for (let run = 0; run < KILLS; run++) {
      const before = partials(exportRoot, 'set').length;
      const delay = Math.round(random() * 1500);
      const exit = await killAfter(exportCommand(['--out', 'set']), delay, { env: env(), ready: () => partials(exportRoot, 'set').length > before });
      expect(exit, `run ${run}: killed ${delay} ms into writing`).toEqual({ code: null, signal: 'SIGKILL' });
      expect(existsSync(path.join(exportRoot, 'set')), `run ${run}: no folder named set after a kill ${delay} ms into writing`).toBe(false);
      expect(partials(exportRoot, 'set')).toHaveLength(before + 1);
    }
    const done = await killAfter(exportCommand(['--out', 'set']), Number.POSITIVE_INFINITY, { env: env() });
    expect(done).toEqual({ code: 0, signal: null });
    expect(readdirSync(path.join(exportRoot, 'set'))).toContain('manifest.json');
    expect(readdirSync(path.join(exportRoot, 'set')).filter((f) => f.endsWith('.jpg'))).toHaveLength(800);
  });

  it(`leaves no zip file (${KILLS} seeded kills), and the next export to that file completes`, async () => {
    const random = seededRandom(12);
    const zip = path.join(zipDir, 'set.zip');
    for (let run = 0; run < KILLS; run++) {
      const before = partials(zipDir, 'set.zip').length;
      const delay = Math.round(random() * 1500);
      const exit = await killAfter(exportCommand(['--zip', zip]), delay, { env: env(), ready: () => partials(zipDir, 'set.zip').length > before });
      expect(exit, `run ${run}: killed ${delay} ms into writing`).toEqual({ code: null, signal: 'SIGKILL' });
      expect(existsSync(zip), `run ${run}: no set.zip after a kill ${delay} ms into writing`).toBe(false);
    }
    const done = await killAfter(exportCommand(['--zip', zip]), Number.POSITIVE_INFINITY, { env: env() });
    expect(done).toEqual({ code: 0, signal: null });
    expect(existsSync(zip)).toBe(true);
  });
});
