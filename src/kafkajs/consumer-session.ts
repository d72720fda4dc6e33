import type { VirtualClock } from '../sim/clock.js';
import type { Scheduler } from './scheduler.js';

/**
 * A consumer's session on the virtual clock. kafkajs has no heartbeat thread: while handlers run, the member
 * heartbeats only between messages and batches (and when a handler calls heartbeat()), so the coordinator expires it
 * once `timeoutMs` of virtual time passes without one. The timer is armed once per stretch of handlers, not per
 * heartbeat: when it fires early it re-arms from the last heartbeat. An idle consumer is fetching, so it never expires.
 */
export class ConsumerSession {
  private handlersInFlight = 0;
  private lastHeartbeatMs = 0;
  private timer: number | undefined;

  constructor(
    private readonly clock: VirtualClock,
    private readonly scheduler: Scheduler,
    private readonly timeoutMs: number,
    /** Removes the member from its group (the coordinator's session check). */
    private readonly expire: () => void,
  ) {}

  heartbeat(): void {
    this.lastHeartbeatMs = this.clock.now();
  }

  /** A handler starts: the fetch loop heartbeated just before it; the first one in flight arms the timer. */
  handlerStarts(): void {
    this.heartbeat();
    if (this.handlersInFlight++ === 0) this.arm();
  }

  handlerEnds(): void {
    if (--this.handlersInFlight > 0) return;
    this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    const dueIn = this.lastHeartbeatMs + this.timeoutMs - this.clock.now();
    this.timer = this.scheduler.setTimeout(() => this.onTimer(), dueIn);
  }

  private onTimer(): void {
    this.timer = undefined;
    if (this.handlersInFlight === 0) return;
    if (this.clock.now() - this.lastHeartbeatMs < this.timeoutMs) {
      this.arm();
      return;
    }
    this.expire();
  }
}
