/**
 * Progress for command-line jobs: a redrawn bar on a terminal, plain
 * occasional lines when the output is a file or a CI log.
 */
export interface ProgressLine {
  done: number;
  total: number;
  /** What is being worked on, and any extra counts ("frames 12,345"). */
  label: string;
}

const BAR_WIDTH = 28;

export class Progress {
  private lastPlain = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly plainEveryMs = 2000,
  ) {}

  update({ done, total, label }: ProgressLine): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (this.stream.isTTY) {
      const filled = Math.round(fraction * BAR_WIDTH);
      const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
      const width = this.stream.columns ?? 100;
      this.stream.write(`\r[${bar}] ${done}/${total} ${label}`.slice(0, width - 1).padEnd(width - 1));
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlain >= this.plainEveryMs || done === total) {
      this.lastPlain = now;
      this.stream.write(`${done}/${total} ${label}\n`);
    }
  }

  /** Ends the bar's line so that what follows starts on a fresh one. */
  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
