/**
 * An export's progress as the UI and the CLI show it: files and bytes done,
 * and the seconds left at the byte rate since the images began, reported at
 * most every PROGRESS_EVERY_MS (and always at the last file).
 */

export interface ExportProgress {
  filesDone: number;
  filesTotal: number;
  /** Bytes of original images read so far, and in all (known once the JPEGs have been checked). */
  bytesDone: number;
  bytesTotal: number;
  startedAt: string;
  /** Seconds left at the rate so far, null until there is a rate. */
  etaSeconds: number | null;
}

const PROGRESS_EVERY_MS = 200;

export class ProgressTracker {
  readonly progress: ExportProgress;
  private writingSince = 0;
  private reported = 0;

  constructor(
    started: Date,
    filesTotal: number,
    private readonly onProgress: ((progress: ExportProgress) => void) | undefined,
  ) {
    this.progress = { filesDone: 0, filesTotal, bytesDone: 0, bytesTotal: 0, startedAt: started.toISOString(), etaSeconds: null };
  }

  /** Reports the progress as it is now. */
  report(): void {
    this.onProgress?.({ ...this.progress });
  }

  /** The images start: the rate counts from here. */
  startWriting(): void {
    this.writingSince = Date.now();
  }

  /** One more file written, standing for `bytes` of the originals; reported if it is time. */
  written(bytes: number): void {
    const { progress } = this;
    progress.filesDone++;
    progress.bytesDone += bytes;
    const elapsed = (Date.now() - this.writingSince) / 1000;
    const rate = elapsed > 0 ? progress.bytesDone / elapsed : 0;
    progress.etaSeconds = rate > 0 ? Math.max(0, Math.round((progress.bytesTotal - progress.bytesDone) / rate)) : null;
    if (Date.now() - this.reported >= PROGRESS_EVERY_MS || progress.filesDone === progress.filesTotal) {
      this.reported = Date.now();
      this.onProgress?.({ ...progress, bytesDone: Math.round(progress.bytesDone) });
    }
  }

  /** All written: nothing left to wait for. */
  finish(): void {
    this.progress.bytesDone = Math.round(this.progress.bytesDone);
  }
}
