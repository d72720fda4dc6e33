import type { RandomStream } from '../sim/rng.js';

/** 2024-01-01T00:00:00Z: aligned to every window size and advance the workloads use. */
export const BASE_TIMESTAMP = 1_704_067_200_000;

/**
 * How a generated input's timestamps move. Most records advance stream time by up to `maxStepMs`; some
 * come out of order by at most `withinMs` (inside grace, so still accepted); some are late by `lateMinMs`
 * to `lateMaxMs` (beyond grace, so dropped, or right at the edge). Stream time and the offsets from it are
 * whole seconds most of the time, so that records and stream time land exactly on window and grace bounds,
 * where off-by-one differences show.
 */
export interface TimeMix {
  readonly maxStepMs: number;
  readonly outOfOrder: { readonly p: number; readonly withinMs: number };
  readonly late: { readonly p: number; readonly minMs: number; readonly maxMs: number };
  /** Probability that a step is a long pause (closes windows, separates sessions), of up to this many ms. */
  readonly pause?: { readonly p: number; readonly maxMs: number };
}

/** Draws timestamps by a TimeMix; `streamTime` is the largest timestamp drawn so far. */
export class EventTime {
  private time = BASE_TIMESTAMP;

  constructor(
    private readonly rng: RandomStream,
    private readonly mix: TimeMix,
  ) {}

  get streamTime(): number {
    return this.time;
  }

  next(): number {
    const { outOfOrder, late, pause } = this.mix;
    const roll = this.rng.next();
    if (roll < late.p) return Math.max(0, this.time - this.duration(late.minMs, late.maxMs));
    if (roll < late.p + outOfOrder.p) return this.time - this.duration(0, outOfOrder.withinMs);
    const maxStep = pause !== undefined && this.rng.next() < pause.p ? pause.maxMs : this.mix.maxStepMs;
    // Most steps land back on a whole second, so that stream time itself sits on window bounds now and then.
    if (this.rng.next() < 0.7) this.time = Math.ceil(this.time / 1000) * 1000 + this.rng.int(0, Math.floor(maxStep / 1000)) * 1000;
    else this.time += this.rng.int(0, maxStep);
    return this.time;
  }

  /** A duration in [min, max]: whole seconds 70% of the time, any millisecond otherwise. */
  private duration(minMs: number, maxMs: number): number {
    if (this.rng.next() < 0.7) {
      const lo = Math.ceil(minMs / 1000);
      const hi = Math.floor(maxMs / 1000);
      if (lo <= hi) return this.rng.int(lo, hi) * 1000;
    }
    return this.rng.int(minMs, maxMs);
  }
}
