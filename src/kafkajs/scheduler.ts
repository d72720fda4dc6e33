import type { VirtualClock } from '../sim/clock.js';
import type { RandomStream } from '../sim/rng.js';

/** A consumer's run loop as the scheduler sees it: ready when it has something to do, and one step of it. */
export interface Fiber {
  /** Group work to do (join, sync) or records to deliver; never true while the fiber waits on a backoff. */
  ready(): boolean;
  /** One step: a group step, or one batch handed to the service's handler (awaited). Never rejects. */
  step(): Promise<void>;
}

interface Timer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
  /** Broker latency (an injected fault's delay): the loop moves the clock to it rather than call the cluster settled. */
  readonly latency: boolean;
}

export interface SchedulerOptions {
  readonly clock: VirtualClock;
  /** Picks the next ready fiber. */
  readonly pick: RandomStream;
  /** Draws each delivery's delay. */
  readonly delays: RandomStream;
  /** Each delivery waits 0..maxDeliveryDelayMs of virtual time, drawn from the seed (fetch latency). Default 5. */
  readonly maxDeliveryDelayMs?: number;
}

/** One turn of Node's event loop: every pending promise callback has run when it resolves. */
function drain(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The deterministic scheduler of one virtual cluster. Consumer run loops are its fibers; one loop picks, with the
 * seeded RNG, the next ready fiber that is not already inside a handler, advances the virtual clock by a seeded
 * delivery delay (firing the virtual timers that fall due, in due order), starts the step, lets every promise
 * callback run (one event-loop turn), and picks again. Handlers that only await producers and other in-process work
 * finish within that turn, so fibers effectively take turns; a handler awaiting a virtual timer stays inside its step
 * while others run, as concurrent kafkajs consumers would. Latency timers (an injected fault's held delivery, held ack
 * or restart) are work under way: when nothing else is left, the loop moves the clock to them instead of stopping.
 *
 * Nothing reads the real clock or Math.random, and the only macrotask used is setImmediate to let promise callbacks
 * run: services must use `timers` (not the real setTimeout) and no real I/O for runs to repeat.
 */
export class Scheduler {
  private readonly clock: VirtualClock;
  private readonly pick: RandomStream;
  private readonly delays: RandomStream;
  private readonly maxDeliveryDelayMs: number;
  private readonly fibers: Fiber[] = [];
  private readonly busy = new Set<Fiber>();
  private timers: Timer[] = [];
  private nextTimerId = 1;
  private loopRunning = false;
  private stopped = false;
  private wakeRequested = false;
  private idleWaiters: Array<() => void> = [];
  /** Steps run so far: a cheap fingerprint of the interleaving for specs. */
  steps = 0;
  /** Errors that escaped a fiber step (streamsim bugs, not handler errors, which fibers handle as kafkajs does). */
  readonly errors: unknown[] = [];

  constructor(options: SchedulerOptions) {
    this.clock = options.clock;
    this.pick = options.pick;
    this.delays = options.delays;
    this.maxDeliveryDelayMs = options.maxDeliveryDelayMs ?? 5;
  }

  add(fiber: Fiber): void {
    if (!this.fibers.includes(fiber)) this.fibers.push(fiber);
    this.wake();
  }

  remove(fiber: Fiber): void {
    const i = this.fibers.indexOf(fiber);
    if (i >= 0) this.fibers.splice(i, 1);
  }

  /** Stops for good: no fiber runs and no timer fires any more (the cluster was reset). */
  shutdown(): void {
    this.stopped = true;
    this.fibers.length = 0;
    this.timers = [];
  }

  /** Something changed (a produce, a join, a timer): run the loop soon if it is not running. */
  wake(): void {
    if (this.stopped) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    if (this.loopRunning) {
      this.wakeRequested = true;
      return;
    }
    this.loopRunning = true;
    void this.loop();
  }

  // ---- virtual timers ----

  /** A timer on the virtual clock; fires when the scheduler moves the clock past `dueMs` (ties: creation order). */
  setTimeout(callback: () => void, delayMs = 0, latency = false): number {
    const id = this.nextTimerId++;
    const dueMs = this.clock.now() + Math.max(0, Math.ceil(delayMs));
    this.timers.push({ id, dueMs, callback, latency });
    this.timers.sort((a, b) => a.dueMs - b.dueMs || a.id - b.id);
    this.wake();
    return id;
  }

  /** A timer for work under way (a held delivery or ack): settle() waits for it, moving the clock as far as it is due. */
  setLatencyTimeout(callback: () => void, delayMs: number): number {
    return this.setTimeout(callback, delayMs, true);
  }

  clearTimeout(id: number | undefined): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** A promise that resolves after `ms` of virtual time. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** When the next timer is due, if any. */
  nextTimerDueMs(): number | undefined {
    return this.timers[0]?.dueMs;
  }

  // ---- settling ----

  /**
   * Resolves once no fiber is ready, no timer is due and no latency timer is pending (fibers waiting on future
   * service timers do not count).
   */
  settle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.wake();
    });
  }

  /**
   * Moves the virtual clock forward by `ms`, stopping at each timer due on the way to fire it and settle, then
   * settles at the target time. Time moves only here, in delivery delays, and when a test moves the clock itself.
   */
  async advance(ms: number): Promise<void> {
    const target = this.clock.now() + ms;
    await this.settle();
    for (let due = this.nextTimerDueMs(); due !== undefined && due <= target; due = this.nextTimerDueMs()) {
      if (due > this.clock.now()) this.clock.set(due);
      await this.settle();
    }
    if (target > this.clock.now()) this.clock.set(target);
    await this.settle();
  }

  // ---- the loop ----

  private async loop(): Promise<void> {
    try {
      for (;;) {
        this.wakeRequested = false;
        await drain();
        if (this.fireDueTimer()) continue;
        const ready = this.fibers.filter((f) => !this.busy.has(f) && f.ready());
        if (ready.length > 0) {
          // The fetch latency before a delivery, drawn from the seed; a timer due meanwhile fires first.
          const target = this.clock.now() + (this.maxDeliveryDelayMs > 0 ? this.delays.int(0, this.maxDeliveryDelayMs) : 0);
          const due = this.nextTimerDueMs();
          if (due !== undefined && due <= target) {
            if (due > this.clock.now()) this.clock.set(due);
            continue;
          }
          if (target > this.clock.now()) this.clock.set(target);
          this.start(this.pick.pick(ready));
          continue;
        }
        if (this.wakeRequested) continue;
        // Idle but a held delivery or ack is pending: time passes up to the next timer on the way to it.
        const next = this.timers[0];
        if (next !== undefined && this.timers.some((t) => t.latency)) {
          if (next.dueMs > this.clock.now()) this.clock.set(next.dueMs);
          continue;
        }
        break;
      }
    } finally {
      this.loopRunning = false;
    }
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private start(fiber: Fiber): void {
    this.steps++;
    this.busy.add(fiber);
    const done = (): void => {
      this.busy.delete(fiber);
      this.wake();
    };
    fiber.step().then(done, (error: unknown) => {
      // Fibers handle their handlers' errors; one escaping is a streamsim bug, kept for settle() callers to see.
      this.errors.push(error);
      done();
    });
  }

  /** Fires the earliest timer if it is due; true if it fired one. */
  private fireDueTimer(): boolean {
    const first = this.timers[0];
    if (first === undefined || first.dueMs > this.clock.now()) return false;
    this.timers.shift();
    try {
      first.callback();
    } catch (error) {
      this.errors.push(error);
    }
    return true;
  }
}
