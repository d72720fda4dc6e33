import { assert } from './errors.js';

/**
 * The virtual wall clock. It moves only when told, so wall-clock punctuations, LogAppendTime and
 * retention are reproducible. Nothing in the engine reads the real clock.
 */
export class VirtualClock {
  private nowMs: number;

  constructor(startMs = 0) {
    assert(Number.isSafeInteger(startMs), `clock start must be an integer number of ms, got ${startMs}`);
    this.nowMs = startMs;
  }

  now(): number {
    return this.nowMs;
  }

  advance(ms: number): number {
    if (!Number.isSafeInteger(ms) || ms < 0) {
      throw new RangeError(`the virtual clock only moves forward by a whole number of ms; got ${ms}`);
    }
    this.nowMs += ms;
    return this.nowMs;
  }

  /** Moves to an absolute time; moving backwards is refused, as wall-clock time never decreases here. */
  set(ms: number): void {
    if (!Number.isSafeInteger(ms)) throw new RangeError(`the virtual clock moves in whole ms; got ${ms}`);
    if (ms < this.nowMs) throw new RangeError(`the virtual clock cannot go back from ${this.nowMs} to ${ms}`);
    this.nowMs = ms;
  }
}
