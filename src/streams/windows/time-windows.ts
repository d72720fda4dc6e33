import { TopologyError } from '../../sim/errors.js';
import type { Window } from './windowed.js';

/**
 * Kafka's TimeWindows: fixed-size windows `[start, start + size)` aligned to the epoch, tumbling
 * (advance = size) or hopping (advance < size); a record belongs to every window whose range holds its
 * timestamp. Records arriving after window end + grace (on the aggregation's stream time) are dropped.
 */
export class TimeWindows {
  private constructor(
    readonly sizeMs: number,
    readonly advanceMs: number,
    readonly graceMs: number,
  ) {}

  /** Tumbling windows that close as soon as stream time passes their end. */
  static ofSizeWithNoGrace(sizeMs: number): TimeWindows {
    return TimeWindows.ofSizeAndGrace(sizeMs, 0);
  }

  /** Tumbling windows that accept out-of-order records until stream time reaches end + grace. */
  static ofSizeAndGrace(sizeMs: number, graceMs: number): TimeWindows {
    if (!Number.isFinite(sizeMs) || sizeMs <= 0) {
      throw new TopologyError(`TimeWindows: window size must be larger than zero milliseconds, got ${sizeMs}`);
    }
    if (!Number.isFinite(graceMs) || graceMs < 0) {
      throw new TopologyError(`TimeWindows: grace period must not be negative, got ${graceMs} (use 0, or ofSizeWithNoGrace)`);
    }
    return new TimeWindows(sizeMs, sizeMs, graceMs);
  }

  /** Hopping windows: a new window starts every `advanceMs`; requires 0 < advance <= size. */
  advanceBy(advanceMs: number): TimeWindows {
    if (!Number.isFinite(advanceMs) || advanceMs <= 0 || advanceMs > this.sizeMs) {
      throw new TopologyError(
        `TimeWindows.advanceBy: the advance must lie within (0, ${this.sizeMs}] ms (0 < advance <= window size), got ${advanceMs}`,
      );
    }
    return new TimeWindows(this.sizeMs, advanceMs, this.graceMs);
  }

  size(): number {
    return this.sizeMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }

  /** The start of the oldest window holding `timestampMs`; the others follow every `advanceMs` up to the timestamp. */
  firstWindowStart(timestampMs: number): number {
    return Math.floor(Math.max(0, timestampMs - this.sizeMs + this.advanceMs) / this.advanceMs) * this.advanceMs;
  }

  /** Every window holding `timestampMs`, oldest first (Kafka's TimeWindows#windowsFor). */
  windowsFor(timestampMs: number): Window[] {
    let start = this.firstWindowStart(timestampMs);
    const out: Window[] = [];
    while (start <= timestampMs) {
      out.push({ start, end: start + this.sizeMs });
      start += this.advanceMs;
    }
    return out;
  }
}
