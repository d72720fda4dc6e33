import type { Cancellable, Punctuator } from '../processor.js';

export interface PunctuationSchedule extends Cancellable {
  nextMs: number;
  readonly intervalMs: number;
  readonly punctuator: Punctuator;
  readonly seq: number;
  cancelled: boolean;
}

/**
 * Kafka's PunctuationQueue: due schedules fire in time order with the *current* time as argument, and the
 * next firing skips missed intervals so that a gap of several intervals fires once (PunctuationSchedule#next).
 */
export class PunctuationQueue {
  private schedules: PunctuationSchedule[] = [];
  private seq = 0;

  schedule(firstMs: number, intervalMs: number, punctuator: Punctuator): PunctuationSchedule {
    if (!Number.isSafeInteger(intervalMs) || intervalMs < 1) {
      throw new RangeError(`a punctuation interval must be a positive whole number of ms, got ${intervalMs}`);
    }
    const s: PunctuationSchedule = {
      nextMs: firstMs,
      intervalMs,
      punctuator,
      seq: this.seq++,
      cancelled: false,
      cancel() {
        this.cancelled = true;
      },
    };
    this.schedules.push(s);
    return s;
  }

  get isEmpty(): boolean {
    return this.schedules.length === 0;
  }

  /** Fires every schedule due at `nowMs`; `fire` runs a punctuator in its node's context. */
  mayPunctuate(nowMs: number, fire: (s: PunctuationSchedule, nowMs: number) => void): boolean {
    let punctuated = false;
    for (;;) {
      this.schedules = this.schedules.filter((s) => !s.cancelled);
      let due: PunctuationSchedule | undefined;
      for (const s of this.schedules) {
        if (s.nextMs <= nowMs && (due === undefined || s.nextMs < due.nextMs || (s.nextMs === due.nextMs && s.seq < due.seq))) due = s;
      }
      if (due === undefined) return punctuated;
      fire(due, nowMs);
      punctuated = true;
      let next = due.nextMs + due.intervalMs;
      if (nowMs >= next) next = due.nextMs + (Math.floor((nowMs - due.nextMs) / due.intervalMs) + 1) * due.intervalMs;
      due.nextMs = next;
    }
  }
}
