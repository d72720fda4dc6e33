import { TopologyError } from '../../sim/errors.js';

/**
 * Kafka's SlidingWindows (KIP-450): windows of a fixed time difference whose bounds follow the records,
 * both ends inclusive, `[t - timeDifference, t]`. A new window is created when a record enters or drops
 * out of one, so every distinct set of co-occurring records gets exactly one window.
 */
export class SlidingWindows {
  private constructor(
    readonly timeDifferenceMs: number,
    readonly graceMs: number,
  ) {}

  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    return SlidingWindows.ofTimeDifferenceAndGrace(timeDifferenceMs, 0);
  }

  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    if (!Number.isFinite(timeDifferenceMs) || timeDifferenceMs < 0) {
      throw new TopologyError(`SlidingWindows: the time difference must not be negative, got ${timeDifferenceMs}`);
    }
    if (!Number.isFinite(graceMs) || graceMs < 0) {
      throw new TopologyError(`SlidingWindows: grace period must not be negative, got ${graceMs} (use 0, or ofTimeDifferenceWithNoGrace)`);
    }
    return new SlidingWindows(timeDifferenceMs, graceMs);
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }
}
