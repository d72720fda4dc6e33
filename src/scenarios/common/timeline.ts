/** A cron-style job: fires at `anchor + k·periodMs` for whole k (SCENARIOS.md §2.2 "Timeline"). */
export interface CronJob<N extends string = string> {
  readonly name: N;
  readonly periodMs: number;
}

/** One firing of a job: `at = anchor + k·periodMs`. */
export interface CronFiring<N extends string = string> {
  readonly at: number;
  readonly job: N;
  readonly k: number;
}

export interface CronWindow {
  /** The instant the periods count from (k = 0), normally the run's startTime (T0). */
  readonly anchor: number;
  /** Only firings strictly after this instant, e.g. the last initial-load record's time. */
  readonly after: number;
  /** Only firings at or before this instant (inclusive), normally startTime + durationMs. */
  readonly until: number;
}

/**
 * Every firing of `jobs` with `after < at <= until` and k >= 0, in time order; jobs due at the same instant fire
 * in the order they are listed. Lazy, so a long run never holds its whole timeline.
 *
 * With `anchor = after = T0` and `until = T0 + durationMs`, a job of period P fires at T0 + P·i for
 * i = 1..⌊durationMs/P⌋, the iteration rule of the bookstore shop loop (§1.2).
 */
export function* cronTimeline<N extends string>(jobs: readonly CronJob<N>[], window: CronWindow): Generator<CronFiring<N>> {
  const { anchor, after, until } = window;
  for (const [name, value] of Object.entries({ anchor, after, until })) {
    if (!Number.isSafeInteger(value)) throw new RangeError(`cronTimeline: ${name} must be a safe integer, got ${String(value)}`);
  }
  for (const job of jobs) {
    if (!Number.isSafeInteger(job.periodMs) || job.periodMs < 1) {
      throw new RangeError(`cronTimeline: job ${job.name} needs an integer periodMs >= 1, got ${String(job.periodMs)}`);
    }
  }
  // Next k per job: the first k >= 0 with anchor + k·period > after.
  const next = jobs.map((job) => Math.max(0, Math.floor((after - anchor) / job.periodMs) + 1));
  for (;;) {
    let best = -1;
    let bestAt = 0;
    for (let i = 0; i < jobs.length; i++) {
      const at = anchor + next[i]! * jobs[i]!.periodMs;
      // Strict < keeps the listed order for jobs due at the same instant.
      if (at <= until && (best < 0 || at < bestAt)) {
        best = i;
        bestAt = at;
      }
    }
    if (best < 0) return;
    const k = next[best]!;
    next[best] = k + 1;
    yield { at: bestAt, job: jobs[best]!.name, k };
  }
}
