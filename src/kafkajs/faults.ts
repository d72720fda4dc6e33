import type { GroupCoordinator } from '../sim/clients/group-coordinator.js';
import type { VirtualClock } from '../sim/clock.js';
import type { RandomStream } from '../sim/rng.js';
import type { Scheduler } from './scheduler.js';

/** The fault kinds a virtual cluster can inject into kafkajs services. */
export type FaultKind = 'crash' | 'rebalance' | 'delivery-delay' | 'ack-delay' | 'duplicate-send' | 'hang';

/** The seeded kinds by default. 'hang' is opt-in (`kinds`): adding it would change what existing seeds inject. */
export const FAULT_KINDS: readonly FaultKind[] = ['crash', 'rebalance', 'delivery-delay', 'ack-delay', 'duplicate-send'];

/** Thrown inside a consumer's step to end it as a crash: never reaches a handler, never retried. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

export interface CrashFault {
  /** Only consumers of this group (default: any). */
  readonly groupId?: string;
  /** Only batches of this topic (default: any). */
  readonly topic?: string;
  /** The consumer crashes once its handler has gone through this many messages of the batch (default 1; capped at the batch size). */
  readonly afterMessages?: number;
  /** Virtual ms before the consumer restarts (default 100). */
  readonly restartAfterMs?: number;
}

export interface RebalanceFault {
  /** Only while a consumer of this group is inside its handler (default: any group). */
  readonly groupId?: string;
  /**
   * 'leave': another member of the group loses its session (it rejoins under a new member id, its uncommitted work
   * lost); 'join': a new member joins and holds partitions for `memberForMs`, then leaves. Default: 'leave' when the
   * group has another member, else 'join'.
   */
  readonly member?: 'join' | 'leave';
  /** How long a joining member stays, in virtual ms (default 50). */
  readonly memberForMs?: number;
}

export interface DeliveryDelayFault {
  readonly groupId?: string;
  readonly topic?: string;
  /** Virtual ms the broker holds the partition's next delivery back (default 50). */
  readonly ms?: number;
}

export interface AckDelayFault {
  readonly topic?: string;
  /** Virtual ms the produce acknowledgement is held back; the records are on the log at once (default 50). */
  readonly ms?: number;
}

export interface DuplicateSendFault {
  readonly topic?: string;
}

export interface HangFault {
  readonly groupId?: string;
  readonly topic?: string;
  /** Virtual ms the handler takes before it goes on; longer than the consumer's sessionTimeout expires its member. */
  readonly ms: number;
}

export interface SeededFaults {
  /** Probability of a fault at each chance to inject one (per batch, per delivery, per send), in [0, 1]. */
  readonly rate: number;
  /** The kinds to inject (default: all). */
  readonly kinds?: readonly FaultKind[];
  /** Upper bound of the seeded delays, in virtual ms (default 50). */
  readonly maxDelayMs?: number;
}

/** One injected fault, as `faults.log` records it (`at` is the virtual time). */
export interface InjectedFault {
  readonly kind: FaultKind;
  readonly at: number;
  readonly detail: string;
}

/** The consumer a fault hook is asked about. */
export interface ConsumerTarget {
  readonly groupId: string;
  readonly memberId: string | undefined;
  readonly topics: readonly string[];
}

type Armed = {
  crash: CrashFault[];
  rebalance: RebalanceFault[];
  'delivery-delay': DeliveryDelayFault[];
  'ack-delay': AckDelayFault[];
  'duplicate-send': DuplicateSendFault[];
  hang: HangFault[];
};

const matches = (want: string | undefined, actual: string): boolean => want === undefined || want === actual;

/**
 * Faults for the services on a virtual cluster, injected at fixed points of the consumer and producer code: armed one
 * at a time by a test (each fires once, at the first matching chance), or drawn from the cluster's seed at a rate.
 * Both are deterministic: the same seed and the same armed faults give the same run. Delays are broker latency, so
 * `settle()` waits them out (it moves the virtual clock to them).
 */
export class Faults {
  private readonly armed: Armed = { crash: [], rebalance: [], 'delivery-delay': [], 'ack-delay': [], 'duplicate-send': [], hang: [] };
  private seeded: Required<SeededFaults> | undefined;
  /** Deliveries held back per group and partition, until a virtual time. */
  private readonly heldUntil = new Map<string, number>();
  private nextPhantom = 0;
  /** Every fault injected so far, in order. */
  readonly log: InjectedFault[] = [];

  constructor(
    private readonly clock: VirtualClock,
    private readonly scheduler: Scheduler,
    private readonly coordinator: GroupCoordinator,
    private readonly random: RandomStream,
  ) {}

  // ---- arming ----

  /** The next matching consumer crashes mid-batch, its resolved offsets uncommitted, and restarts from its last commit. */
  crashConsumer(fault: CrashFault = {}): this {
    this.armed.crash.push(fault);
    return this;
  }

  /** At the next matching handler start, a member joins or leaves the group while that handler runs. */
  rebalanceDuringHandler(fault: RebalanceFault = {}): this {
    this.armed.rebalance.push(fault);
    return this;
  }

  /** The broker holds the next matching delivery to a consumer back by `ms` of virtual time. */
  delayDelivery(fault: DeliveryDelayFault = {}): this {
    this.armed['delivery-delay'].push(fault);
    return this;
  }

  /** The next matching send's acknowledgement comes `ms` of virtual time late. */
  delayAck(fault: AckDelayFault = {}): this {
    this.armed['ack-delay'].push(fault);
    return this;
  }

  /**
   * The next matching send loses its acknowledgement and is retried: a non-idempotent producer appends its records
   * twice; an idempotent (or transactional) one once, the broker dropping the retry by sequence number.
   */
  duplicateSend(fault: DuplicateSendFault = {}): this {
    this.armed['duplicate-send'].push(fault);
    return this;
  }

  /**
   * The next matching handler hangs for `ms` of virtual time (a virtual timer, which settle() waits out) before it
   * handles its batch. Longer than sessionTimeout, the coordinator expires the member meanwhile (see consumer.ts).
   */
  hangConsumer(fault: HangFault): this {
    if (!(Number.isFinite(fault.ms) && fault.ms >= 0)) throw new RangeError(`hang ms must be a non-negative number, not ${fault.ms}`);
    this.armed.hang.push(fault);
    return this;
  }

  /** Injects faults at `rate`, drawn from the cluster's seed (stream 'kafkajs.faults'), on top of armed ones. */
  inject(options: SeededFaults): this {
    if (!(options.rate >= 0 && options.rate <= 1)) throw new RangeError(`fault rate must be in [0, 1], not ${options.rate}`);
    this.seeded = { rate: options.rate, kinds: options.kinds ?? FAULT_KINDS, maxDelayMs: options.maxDelayMs ?? 50 };
    return this;
  }

  /** Stops the seeded faults and forgets the armed ones that have not fired. */
  clear(): void {
    this.seeded = undefined;
    for (const list of Object.values(this.armed)) list.length = 0;
  }

  // ---- hooks (called by consumer.ts and producer.ts) ----

  /** At a batch's start: after how many handled messages the consumer crashes, if it does. */
  planCrash(target: ConsumerTarget, topic: string, partition: number, batchSize: number): { afterMessages: number; restartAfterMs: number } | undefined {
    const armed = this.take('crash', (f) => matches(f.groupId, target.groupId) && matches(f.topic, topic));
    let plan: { afterMessages: number; restartAfterMs: number } | undefined;
    if (armed !== undefined) {
      plan = { afterMessages: Math.min(batchSize, Math.max(1, armed.afterMessages ?? 1)), restartAfterMs: armed.restartAfterMs ?? 100 };
    } else if (this.draw('crash')) {
      plan = { afterMessages: this.random.int(1, batchSize), restartAfterMs: this.random.int(1, this.seeded!.maxDelayMs) };
    }
    if (plan !== undefined) {
      this.record('crash', `group ${target.groupId} ${topic}-${partition} after ${plan.afterMessages}/${batchSize} messages, restart in ${plan.restartAfterMs}ms`);
    }
    return plan;
  }

  /** Just before a handler runs: maybe a member joins or leaves the group meanwhile. */
  onHandlerStart(target: ConsumerTarget): void {
    const armed = this.take('rebalance', (f) => matches(f.groupId, target.groupId));
    if (armed === undefined && !this.draw('rebalance')) return;
    const others = this.coordinator.describe(target.groupId).members.filter((m) => m.memberId !== target.memberId);
    const mode = armed?.member ?? (others.length > 0 ? 'leave' : 'join');
    if (mode === 'leave') {
      if (others.length === 0) return;
      const victim = armed === undefined ? this.random.pick(others) : others[0]!;
      this.coordinator.removeMember(target.groupId, victim.memberId);
      this.record('rebalance', `group ${target.groupId}: ${victim.memberId} leaves while ${target.memberId ?? '?'} is in its handler`);
    } else {
      const stayMs = armed?.memberForMs ?? (armed === undefined ? this.random.int(1, this.seeded!.maxDelayMs) : 50);
      const phantom = this.coordinator.join(target.groupId, {
        clientId: `streamsim-fault-member-${++this.nextPhantom}`,
        strategy: 'round-robin',
        topics: [...target.topics],
        ownedPartitions: [],
        rebalanceTimeoutMs: 60_000,
      });
      this.scheduler.setLatencyTimeout(() => this.coordinator.leave(target.groupId, phantom), stayMs);
      this.record('rebalance', `group ${target.groupId}: ${phantom} joins for ${stayMs}ms while ${target.memberId ?? '?'} is in its handler`);
    }
    this.scheduler.wake();
  }

  /** At a batch's start: how long its handler hangs, if it does (seeded: up to maxDelayMs). */
  planHang(target: ConsumerTarget, topic: string, partition: number): number | undefined {
    const armed = this.take('hang', (f) => matches(f.groupId, target.groupId) && matches(f.topic, topic));
    let ms: number | undefined;
    if (armed !== undefined) ms = armed.ms;
    else if (this.draw('hang')) ms = this.random.int(1, this.seeded!.maxDelayMs);
    if (ms !== undefined) this.record('hang', `group ${target.groupId} ${topic}-${partition}: handler of ${target.memberId ?? '?'} hangs ${ms}ms`);
    return ms;
  }

  /** Before a delivery: true if the broker holds it back (the partition stays unfetchable until the delay passes). */
  holdDelivery(target: ConsumerTarget, topic: string, partition: number): boolean {
    const armed = this.take('delivery-delay', (f) => matches(f.groupId, target.groupId) && matches(f.topic, topic));
    let ms: number | undefined;
    if (armed !== undefined) ms = armed.ms ?? 50;
    else if (this.draw('delivery-delay')) ms = this.random.int(1, this.seeded!.maxDelayMs);
    if (ms === undefined) return false;
    this.heldUntil.set(holdKey(target.groupId, topic, partition), this.clock.now() + ms);
    this.scheduler.setLatencyTimeout(() => {}, ms);
    this.record('delivery-delay', `group ${target.groupId} ${topic}-${partition} held ${ms}ms`);
    return true;
  }

  /** Whether a delivery of the partition to the group is still held back. */
  isHeld(groupId: string, topic: string, partition: number): boolean {
    const k = holdKey(groupId, topic, partition);
    const until = this.heldUntil.get(k);
    if (until === undefined) return false;
    if (until > this.clock.now()) return true;
    this.heldUntil.delete(k);
    return false;
  }

  /** At a send: whether it is retried after a lost ack (and so appended twice unless idempotent), and the ack's delay. */
  onSend(topics: readonly string[], idempotent: boolean): { duplicate: boolean; ackDelayMs: number } {
    const dup = this.take('duplicate-send', (f) => f.topic === undefined || topics.includes(f.topic));
    const duplicate = dup !== undefined || this.draw('duplicate-send');
    if (duplicate) {
      this.record('duplicate-send', `send to ${topics.join(',')} retried after a lost ack${idempotent ? ': idempotent, appended once' : ': appended twice'}`);
    }
    const delay = this.take('ack-delay', (f) => f.topic === undefined || topics.includes(f.topic));
    let ackDelayMs = 0;
    if (delay !== undefined) ackDelayMs = delay.ms ?? 50;
    else if (this.draw('ack-delay')) ackDelayMs = this.random.int(1, this.seeded!.maxDelayMs);
    if (ackDelayMs > 0) this.record('ack-delay', `ack of send to ${topics.join(',')} held ${ackDelayMs}ms`);
    return { duplicate: duplicate && !idempotent, ackDelayMs };
  }

  // ---- helpers ----

  private take<K extends FaultKind>(kind: K, match: (fault: Armed[K][number]) => boolean): Armed[K][number] | undefined {
    const list = this.armed[kind] as Array<Armed[K][number]>;
    const i = list.findIndex(match);
    return i < 0 ? undefined : list.splice(i, 1)[0];
  }

  /** One seeded draw for a chance to inject `kind` (no draw at all when seeded faults are off or exclude it). */
  private draw(kind: FaultKind): boolean {
    const seeded = this.seeded;
    if (seeded === undefined || seeded.rate === 0 || !seeded.kinds.includes(kind)) return false;
    return this.random.next() < seeded.rate;
  }

  private record(kind: FaultKind, detail: string): void {
    this.log.push({ kind, at: this.clock.now(), detail });
  }
}

const holdKey = (groupId: string, topic: string, partition: number): string => `${groupId}\u0000${topic}\u0000${partition}`;
