/**
 * The frame every command-line script shares (npm run ingest, analyze,
 * export, start): its options parsed with node's util.parseArgs, --help,
 * the usage after a usage error, exit codes (0 done, 1 failed, 2 bad usage,
 * 130 interrupted, as the command decides), Ctrl-C and SIGTERM turned into
 * an AbortSignal, and the seconds a run took. A script declares its options
 * and what to call in lib/; this does the rest.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** The command line is wrong: the message, then the usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Fails with a UsageError naming the flag. */
export function usageError(flag: string, message: string): never {
  throw new UsageError(`${flag}: ${message}`);
}

type Parsed<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>;

export interface CliContext<O extends ParseArgsOptionsConfig> {
  values: Parsed<O>['values'];
  positionals: string[];
  /** Aborted by Ctrl-C or SIGTERM, for commands that stop cleanly (`interruptible`). */
  signal: AbortSignal;
  /** Seconds since the command started, as `12.3 s`. */
  elapsed(): string;
}

export interface Command<O extends ParseArgsOptionsConfig> {
  usage: string;
  options: O;
  /** False for a command that takes flags only (default: it takes positional arguments too). */
  positionals?: boolean;
  /** Rewrites the arguments before parsing (a flag whose value is optional). */
  args?(argv: string[]): string[];
  /** Ctrl-C and SIGTERM abort `signal` instead of killing the process. */
  interruptible?: boolean;
  /** An error of the command's own it can word for the user, and its exit code; null for any other. */
  explain?(error: unknown): { message: string; code: number } | null;
  /** How an unexpected error is printed (default: its message). */
  formatError?(message: string): string;
  run(context: CliContext<O>): Promise<number>;
}

/** Parses, runs and exits: the whole life of a script's process. */
export function runCli<O extends ParseArgsOptionsConfig>(command: Command<O>, argv: string[] = process.argv.slice(2)): void {
  execute(command, argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error(command.formatError ? command.formatError(message) : message);
      process.exit(1);
    },
  );
}

/** Everything runCli does but exit: the exit code, or the unexpected error thrown. */
export async function execute<O extends ParseArgsOptionsConfig>(command: Command<O>, argv: string[]): Promise<number> {
  const started = Date.now();
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  if (command.interruptible) {
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: command.args ? command.args(argv) : argv, options: { ...command.options, help: { type: 'boolean' } }, allowPositionals: command.positionals ?? true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    if ((parsed.values as { help?: boolean }).help) {
      console.log(command.usage);
      return 0;
    }
    return await command.run({
      values: parsed.values as Parsed<O>['values'],
      positionals: parsed.positionals,
      signal: controller.signal,
      elapsed: () => `${((Date.now() - started) / 1000).toFixed(1)} s`,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${command.usage}`);
      return 2;
    }
    const explained = command.explain?.(error);
    if (explained) {
      console.error(explained.message);
      return explained.code;
    }
    throw error;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}
