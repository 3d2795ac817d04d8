/**
 * The README's export commands for the demo library, run as written (through
 * npm and a shell) with no library configured: the demo's database is found
 * without --db. The environment only moves the database and the export root
 * into a temporary folder, so the test never writes into the checkout.
 */
import { exec } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDatabase, type DemoDatabase } from '../../helpers/demo-db';

const run = promisify(exec);
/** What the seed notebook's pandas code copies for the medium close-ups (demo/demo-truth.json). */
const truth = JSON.parse(readFileSync('demo/demo-truth.json', 'utf8')) as { positive: string[]; negative: string[] };

/** Every `npm run export` line of the README's sh blocks that is a command, not a synopsis (no `[`, `<`, placeholder paths). */
function readmeCommands(): string[] {
  const readme = readFileSync('README.md', 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((block) => block.split('\n')).filter((line) => line.startsWith('npm run export -- ') && !/[[<]|\/path\/to\//.test(line));
}

let demo: DemoDatabase;
let exportRoot: string;
beforeAll(async () => {
  demo = await demoDatabase('readme');
  exportRoot = path.join(demo.dir, 'exports');
});
afterAll(() => demo.cleanup());

describe("the README's export commands", () => {
  const commands = readmeCommands();

  it('are there: a dry run, folders with negatives and splits, shards', () => {
    expect(commands.length).toBeGreaterThanOrEqual(4);
    expect(commands.some((c) => c.includes('--dry-run'))).toBe(true);
    expect(commands.some((c) => c.includes('--negative-query'))).toBe(true);
  });

  it.each(commands)('%s', async (command) => {
    const { stdout } = await run(command, {
      env: { ...process.env, STILLROOM_LIBRARY: '', STILLROOM_DB: demo.dbFile, STILLROOM_EXPORT_ROOT: exportRoot },
      shell: '/bin/bash',
    });
    if (command.includes('--dry-run')) {
      const plan = JSON.parse(stdout.slice(stdout.indexOf('{')));
      expect(plan.bySplit).toEqual({ all: { positive: truth.positive.length, negative: truth.negative.length } });
      expect(plan.files).toBe(truth.positive.length + truth.negative.length);
      return;
    }
    const out = /--(?:out|webdataset) (\S+)/.exec(command)![1];
    const folder = path.join(exportRoot, out);
    expect(existsSync(path.join(folder, 'manifest.json'))).toBe(true);
    const manifest = JSON.parse(readFileSync(path.join(folder, 'manifest.json'), 'utf8'));
    expect(manifest.counts.files).toBeGreaterThan(0);
    expect(readdirSync(folder).length).toBeGreaterThan(2);
  });
});
