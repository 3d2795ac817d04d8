/**
 * The scripts' shared frame (lib/cli/run.ts): parsing, --help, usage errors,
 * a command's own errors and exit codes, and Ctrl-C as an AbortSignal.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { execute, UsageError, usageError, type Command } from '@/lib/cli/run';

const OPTIONS = { db: { type: 'string' }, force: { type: 'boolean' } } as const;

class Refused extends Error {}

function command(run: Command<typeof OPTIONS>['run'], extra: Partial<Command<typeof OPTIONS>> = {}): Command<typeof OPTIONS> {
  return { usage: 'usage: test [--db FILE] [--force]', options: OPTIONS, run, explain: (e) => (e instanceof Refused ? { message: `refused: ${e.message}`, code: 3 } : null), ...extra };
}

let printed: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  printed = [];
});
function capture(): void {
  vi.spyOn(console, 'log').mockImplementation((text: string) => void printed.push(`out ${text}`));
  vi.spyOn(console, 'error').mockImplementation((text: string) => void printed.push(`err ${text}`));
}

describe('execute', () => {
  const CASES: Array<[string, string[], Command<typeof OPTIONS>['run'], number, unknown[]]> = [
    ['passes the flags and positionals', ['lib', '--db', 'x.db', '--force'], async ({ values, positionals }) => (values.db === 'x.db' && values.force === true && positionals[0] === 'lib' ? 7 : 1), 7, []],
    ['--help prints the usage', ['--help'], async () => 1, 0, ['out usage: test [--db FILE] [--force]']],
    ['an unknown flag is a usage error', ['--nope'], async () => 0, 2, [expect.stringMatching(/^err Unknown option '--nope'.*\nusage: test/s)]],
    ['a flag without its value is a usage error', ['--db'], async () => 0, 2, [expect.stringMatching(/^err Option '--db <value>' argument missing\nusage: test/)]],
    ['usageError names the flag, then the usage', [], async () => usageError('--db', 'is required'), 2, ['err --db: is required\nusage: test [--db FILE] [--force]']],
    ['a UsageError of its own', [], async () => {
      throw new UsageError('no library given');
    }, 2, ['err no library given\nusage: test [--db FILE] [--force]']],
    ['an error the command explains', [], async () => {
      throw new Refused('the frame');
    }, 3, ['err refused: the frame']],
  ];

  it.each(CASES)('%s', async (_name, argv, run, code, output) => {
    capture();
    expect(await execute(command(run), argv)).toBe(code);
    expect(printed).toEqual(output);
  });

  it('lets any other error through, for runCli to print as exit code 1', async () => {
    await expect(execute(command(async () => Promise.reject(new Error('disk full'))), [])).rejects.toThrow('disk full');
  });

  it('takes no positionals when the command says so', async () => {
    capture();
    expect(await execute(command(async () => 0, { positionals: false }), ['stray'])).toBe(2);
    expect(printed[0]).toContain("Unexpected argument 'stray'");
  });

  it('rewrites the arguments first when asked', async () => {
    const run: Command<typeof OPTIONS>['run'] = async ({ values }) => (values.db === 'default' ? 0 : 1);
    expect(await execute(command(run, { args: (argv) => argv.map((a) => (a === '--db' ? '--db=default' : a)) }), ['--db'])).toBe(0);
  });

  it('turns SIGINT into an aborted signal for an interruptible command, and lets go of the signal afterwards', async () => {
    const before = process.listenerCount('SIGINT');
    const code = await execute(
      command(
        async ({ signal }) => {
          expect(process.listenerCount('SIGINT')).toBe(before + 1);
          process.emit('SIGINT');
          return signal.aborted ? 130 : 0;
        },
        { interruptible: true },
      ),
      [],
    );
    expect(code).toBe(130);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('reports the seconds since it started', async () => {
    expect(await execute(command(async ({ elapsed }) => (/^\d+\.\d s$/.test(elapsed()) ? 0 : 1)), [])).toBe(0);
  });
});
