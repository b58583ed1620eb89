// Each file's time budget (issue 16): a file that takes longer than this to read is reported
// and skipped, and the run goes on. Every pass is meant to be linear (src/legacy/*.growth.test.ts
// hold them to it); the budget is the guard for the pass that is not. It is checked between the
// phases of reading a document and between the documents of a file, so it holds alike in the
// main thread and in the parsing workers, and only the time the file's own reading runs is
// counted: a file whose works wait for the main thread to store them is not charged the wait.

/** Seconds a file may take to read unless the run says otherwise (`--file-time-limit`). */
export const DEFAULT_FILE_SECONDS = 10;

export class FileTimeExceeded extends Error {
  constructor(readonly seconds: number) {
    super(`took longer than ${seconds} s to read`);
  }
}

/** The reason a file is skipped once its budget is spent; one wording per limit, so a run's summary counts them together. */
export function overBudgetReason(seconds: number): string {
  return `took longer than ${seconds} s to read (the time limit of one file, --file-time-limit): skipped, with what it had not given yet`;
}

export class FileBudget {
  private spent = 0;
  private runningSince: number | null = performance.now();

  constructor(private readonly seconds: number) {}

  /** Throws FileTimeExceeded once the file has run longer than its budget. */
  check(): void {
    const running = this.runningSince === null ? 0 : performance.now() - this.runningSince;
    if (this.spent + running > this.seconds * 1000) throw new FileTimeExceeded(this.seconds);
  }

  /** The file's reading stops running (it hands a result on and waits to be asked for more). */
  pause(): void {
    if (this.runningSince !== null) this.spent += performance.now() - this.runningSince;
    this.runningSince = null;
  }

  resume(): void {
    this.runningSince ??= performance.now();
  }
}
