/**
 * A progress bar for long runs, on stderr. The CLI is the one place allowed the wall clock: the bar appears only
 * once a run has taken longer than `delayMs` (so short runs print nothing) and redraws at most every `everyMs`.
 */
export interface ProgressOptions {
  readonly write: (text: string) => void;
  readonly now: () => number;
  readonly label: string;
  readonly delayMs?: number;
  readonly everyMs?: number;
  readonly width?: number;
}

export class ProgressBar {
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private shown = false;
  private lastLength = 0;

  constructor(private readonly o: ProgressOptions) {
    this.started = o.now();
  }

  /** Records `done` of `total`; draws when the run is old enough and the last draw is old enough. */
  update(done: number, total: number): void {
    const t = this.o.now();
    if (t - this.started < (this.o.delayMs ?? 1000)) return;
    if (done < total && t - this.lastDraw < (this.o.everyMs ?? 100)) return;
    this.lastDraw = t;
    this.shown = true;
    const line = this.line(done, total, t);
    // padded to the last line's length, so a shorter line leaves nothing of the one it overwrites
    this.o.write(`\r${line.padEnd(this.lastLength)}`);
    this.lastLength = line.length;
  }

  /** Ends the bar's line (if one was drawn), so what follows starts on a fresh line. */
  finish(): void {
    if (this.shown) this.o.write('\n');
    this.shown = false;
  }

  private line(done: number, total: number, t: number): string {
    const width = this.o.width ?? 30;
    const frac = total === 0 ? 1 : Math.min(1, done / total);
    const full = Math.round(frac * width);
    const secs = ((t - this.started) / 1000).toFixed(1);
    return `${this.o.label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.floor(frac * 100)).padStart(3)}% ${done}/${total} records ${secs}s`;
  }
}
