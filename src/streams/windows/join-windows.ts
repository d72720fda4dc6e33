import { TopologyError } from '../../sim/errors.js';

/**
 * Kafka's JoinWindows (3.0+ API, KIP-633): records of the two sides join when
 * `left.ts - before <= right.ts <= left.ts + after`. Each record opens its own window, so the windows slide
 * with the data. A record may still arrive `grace` ms after its window ended; after that, left/outer joins
 * emit the unmatched records of that window (Kafka's spurious-result fix, KAFKA-10847).
 * The deprecated `JoinWindows.of()` (and `grace()` on it) keeps the pre-3.0 behaviour instead: a 24 h
 * default grace and no spurious-result fix, so left/outer joins emit an unmatched record with null at
 * once (Kafka's `enableSpuriousResultFix = false`).
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
    /** Kafka's enableSpuriousResultFix: false only for windows built by the deprecated of(). */
    readonly spuriousResultFix: boolean = true,
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

  /**
   * Kafka's deprecated JoinWindows.of (before 3.0 the only factory): grace is what is left of 24 h after
   * the window (`max(24 h - 2 * timeDifference, 0)`), and left/outer joins emit unmatched records with
   * null immediately, as KStreamKStreamJoin did before KAFKA-10847 (possibly followed by the real match).
   */
  static of(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(timeDifferenceMs, timeDifferenceMs, Math.max(DEPRECATED_DEFAULT_24_HR_GRACE_MS - timeDifferenceMs * 2, 0), false);
  }

  /**
   * Kafka's deprecated grace(): only for windows from of(); keeps the eager (no spurious-result fix)
   * behaviour. Windows from ofTimeDifferenceAndGrace/WithNoGrace already have their grace.
   */
  grace(graceMs: number): JoinWindows {
    if (this.spuriousResultFix) {
      throw new TopologyError(
        'JoinWindows: cannot call grace() after setting grace value via ofTimeDifferenceAndGrace or ofTimeDifferenceWithNoGrace',
      );
    }
    return new JoinWindows(this.beforeMs, this.afterMs, graceMs, false);
  }

  /** Changes how far back (relative to a left record) right records join; may be negative if after covers it. */
  before(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(timeDifferenceMs, this.afterMs, this.graceMs, this.spuriousResultFix);
  }

  /** Changes how far forward (relative to a left record) right records join; may be negative if before covers it. */
  after(timeDifferenceMs: number): JoinWindows {
    return new JoinWindows(this.beforeMs, timeDifferenceMs, this.graceMs, this.spuriousResultFix);
  }

  /** Kafka's size(): before + after. */
  size(): number {
    return this.beforeMs + this.afterMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }

  toString(): string {
    return `JoinWindows{beforeMs=${this.beforeMs}, afterMs=${this.afterMs}, graceMs=${this.graceMs}${this.spuriousResultFix ? '' : ', eager'}}`;
  }
}

/** Kafka's DEPRECATED_DEFAULT_24_HR_GRACE_PERIOD. */
const DEPRECATED_DEFAULT_24_HR_GRACE_MS = 24 * 60 * 60 * 1000;

function checkMillis(what: string, ms: number): void {
  if (!Number.isSafeInteger(ms)) {
    throw new TopologyError(`JoinWindows: ${what} must be a whole number of milliseconds, got ${String(ms)}`);
  }
}
