/**
 * SIGKILL the export CLI in the middle of writing (once its partial output
 * exists) and look at what it left: never the finished-looking folder or zip,
 * at most a `<name>.partial-<hex>` beside it. A kill gives no chance to clean
 * up: the next export (or the server's next start) marks the killed job
 * failed and removes its partial output when it lies inside the export root
 * (lib/export/recovery.ts); elsewhere it stays for the user to remove.
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

  it(`leaves no finished-looking folder (${KILLS} seeded kills), each next export removes the partial before it, and the last completes`, async () => {
    const random = seededRandom(11);
    for (let run = 0; run < KILLS; run++) {
      const before = new Set(partials(exportRoot, 'set'));
      const delay = Math.round(random() * 1500);
      const exit = await killAfter(exportCommand(['--out', 'set']), delay, { env: env(), ready: () => partials(exportRoot, 'set').some((p) => !before.has(p)) });
      expect(exit, `run ${run}: killed ${delay} ms into writing`).toEqual({ code: null, signal: 'SIGKILL' });
      expect(existsSync(path.join(exportRoot, 'set')), `run ${run}: no folder named set after a kill ${delay} ms into writing`).toBe(false);
      // Only this run's partial folder: the one killed before was removed when this export started.
      expect(partials(exportRoot, 'set')).toHaveLength(1);
    }
    const done = await killAfter(exportCommand(['--out', 'set']), Number.POSITIVE_INFINITY, { env: env() });
    expect(done).toEqual({ code: 0, signal: null });
    expect(partials(exportRoot, 'set')).toEqual([]);
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
    // Outside the export root: left where they are, for the user (their jobs' errors name them).
    expect(partials(zipDir, 'set.zip')).toHaveLength(KILLS);
  });
});
