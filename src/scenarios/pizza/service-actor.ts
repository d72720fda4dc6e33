import type { StoredRecord } from '../../sim/record.js';

/** A record as it reaches a service: `at` is when it can be handled, `seq` the order it reached the service in. */
export interface Arrival {
  readonly record: StoredRecord;
  readonly at: number;
  readonly seq: number;
}

/** What handling one record does: it keeps the service busy `durationMs`, then `finish(end)` produces its output. */
export interface Handling {
  readonly durationMs: number;
  readonly finish?: (end: number) => void;
}

/** One handled record, for the service-model invariants (§5.5 #3) and the docs' traces. */
export interface HandlingEntry {
  readonly service: string;
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: unknown;
  readonly arrivedAt: number;
  readonly arrivalSeq: number;
  readonly start: number;
  readonly end: number;
}

/** A closed-open stop window [from, to) in absolute virtual time. */
export interface StopWindow {
  readonly from: number;
  readonly to: number;
}

interface Job {
  readonly end: number;
  readonly finish: ((end: number) => void) | undefined;
}

/**
 * One single-threaded service of SCENARIOS.md §5.2: a FIFO of arrivals, one record at a time, busy for the whole
 * handling, output at the end. A record can start once it has arrived and the service is free, and never inside an
 * outage (a record in progress when one begins completes). `pick` chooses which waiting record goes next (FIFO
 * unless a service says otherwise: delivery's drain).
 */
export class ServiceActor {
  /** Waiting records, in (at, seq) order. */
  private readonly queue: Arrival[] = [];
  private job: Job | null = null;
  private freeAt = Number.NEGATIVE_INFINITY;

  constructor(
    readonly name: string,
    private readonly outages: readonly StopWindow[],
    private readonly handle: (arrival: Arrival, start: number) => Handling,
    /** Where handled records are recorded, or null to record nothing (long runs). */
    private readonly journal: HandlingEntry[] | null,
    private readonly pick: (waiting: readonly Arrival[], start: number) => number = () => 0,
  ) {}

  /** Adds an arrival, keeping (at, seq) order (only delayed status records arrive out of order). */
  enqueue(arrival: Arrival): void {
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.at > arrival.at) i--;
    this.queue.splice(i, 0, arrival);
  }

  /** True while an outage stops new work at `time`. */
  stoppedAt(time: number): boolean {
    return this.outages.some((o) => o.from <= time && time < o.to);
  }

  /** The first instant ≥ time outside every outage. */
  private outsideOutages(time: number): number {
    let t = time;
    for (let moved = true; moved; ) {
      moved = false;
      for (const o of this.outages) {
        if (o.from <= t && t < o.to) {
          t = o.to;
          moved = true;
        }
      }
    }
    return t;
  }

  /** When the next record can start (it may be now or later), or null when idle with nothing waiting. */
  nextStart(): number | null {
    if (this.job !== null || this.queue.length === 0) return null;
    return this.outsideOutages(Math.max(this.freeAt, this.queue[0]!.at));
  }

  /** When the record in progress ends, or null. */
  nextEnd(): number | null {
    return this.job?.end ?? null;
  }

  busy(): boolean {
    return this.job !== null || this.queue.length > 0;
  }

  /** Starts the next record if it can start at `now`; returns whether it did. */
  startIfDue(now: number): boolean {
    const start = this.nextStart();
    if (start === null || start > now) return false;
    const waiting = this.queue.filter((a) => a.at <= now);
    const index = this.queue.indexOf(waiting[this.pick(waiting, now)]!);
    const arrival = this.queue.splice(index, 1)[0]!;
    const handling = this.handle(arrival, now);
    const end = now + handling.durationMs;
    const r = arrival.record;
    this.journal?.push({
      service: this.name,
      topic: r.topic,
      partition: r.partition,
      offset: r.offset,
      key: r.key,
      arrivedAt: arrival.at,
      arrivalSeq: arrival.seq,
      start: now,
      end,
    });
    this.job = { end, finish: handling.finish };
    return true;
  }

  /** Ends the record in progress if it ends at or before `now`, producing its output; returns whether it did. */
  completeIfDue(now: number): boolean {
    const job = this.job;
    if (job === null || job.end > now) return false;
    this.job = null;
    this.freeAt = job.end;
    job.finish?.(job.end);
    return true;
  }
}
