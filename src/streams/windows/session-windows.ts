import { TopologyError } from '../../sim/errors.js';

/**
 * Kafka's SessionWindows: per-key periods of activity separated by at least the inactivity gap. A record
 * within the gap of existing sessions merges them into one `[first, last]` session (both inclusive).
 */
export class SessionWindows {
  private constructor(
    readonly inactivityGapMs: number,
    readonly graceMs: number,
  ) {}

  static ofInactivityGapWithNoGrace(inactivityGapMs: number): SessionWindows {
    return SessionWindows.ofInactivityGapAndGrace(inactivityGapMs, 0);
  }

  static ofInactivityGapAndGrace(inactivityGapMs: number, graceMs: number): SessionWindows {
    if (!Number.isFinite(inactivityGapMs) || inactivityGapMs <= 0) {
      throw new TopologyError(`SessionWindows: the inactivity gap must be larger than zero milliseconds, got ${inactivityGapMs}`);
    }
    if (!Number.isFinite(graceMs) || graceMs < 0) {
      throw new TopologyError(`SessionWindows: grace period must not be negative, got ${graceMs} (use 0, or ofInactivityGapWithNoGrace)`);
    }
    return new SessionWindows(inactivityGapMs, graceMs);
  }

  inactivityGap(): number {
    return this.inactivityGapMs;
  }

  gracePeriodMs(): number {
    return this.graceMs;
  }
}
