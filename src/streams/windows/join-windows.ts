import { TopologyError } from '../../sim/errors.js';

/**
 * Kafka's JoinWindows (3.0+ API, KIP-633): records of the two sides join when
 * `left.ts - before <= right.ts <= left.ts + after`. Each record opens its own window, so the windows slide
 * with the data. A record may still arrive `grace` ms after its window ended; after that, left/outer joins
 * emit the unmatched records of that window (Kafka's spurious-result fix, KAFKA-10847).
 * Durations are milliseconds.
 */
export class JoinWindows {
  private constructor(
    /** Largest time difference to records of the other side that are earlier. */
    readonly beforeMs: number,
    /** Largest time difference to records of the other side that are later. */
    readonly afterMs: number,
    /** How long after a window's end a late record is still accepted. */
    readonly graceMs: number,
  ) {
    checkMillis('before', beforeMs);
    checkMillis('after', afterMs);
    checkMillis('grace', graceMs);
    if (beforeMs + afterMs < 0) {
      throw new TopologyError(
        `JoinWindows: the window interval (before ${beforeMs} ms + after ${afterMs} ms) must not be negative: ` +
          'use a time difference >= 0, or before/after values whose sum is >= 0',
      );
    }
    if (graceMs < 0) {
      throw new TopologyError(`JoinWindows: the grace period must not be negative (got ${graceMs} ms): use 0 for no grace`);
    }
  }

  /** Records join when their timestamps differ by at most timeDifferenceMs; late records are not accepted. */
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, 0);
  }

  /** As ofTimeDifferenceWithNoGrace, accepting records up to graceMs after their window ended. */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): JoinWindows {
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, graceMs);
  }

  /** Changes how far back (relative to a left record) right records join; may be negative if after covers it. */
  before(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(timeDifferenceMs, this.afterMs, this.graceMs);
  }

  /** Changes how far forward (relative to a left record) right records join; may be negative if before covers it. */
  after(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(this.beforeMs, timeDifferenceMs, this.graceMs);
  }

  /** Kafka's size(): before + after. */
  size(): number {
    return this.beforeMs + this.afterMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }

  toString(): string {
    return `JoinWindows{beforeMs=${this.beforeMs}, afterMs=${this.afterMs}, graceMs=${this.graceMs}}`;
  }
}

function checkMillis(what: string, ms: number): void {
  if (!Number.isSafeInteger(ms)) {
    throw new TopologyError(`JoinWindows: ${what} must be a whole number of milliseconds, got ${String(ms)}`);
  }
}
