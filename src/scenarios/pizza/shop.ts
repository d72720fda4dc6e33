import type { Broker } from '../../sim/broker.js';
import type { StoredRecord } from '../../sim/record.js';
import { fieldOf, numberOf, ProcessorGroup, SeededFaker, type ScenarioApp, type ScenarioContext } from '../common/index.js';
import { outagesOf, resolvePizzaOptions, type PizzaOptions, type PizzaService, type StatusReorderFault } from './options.js';
import {
  SERVICE_TOPICS,
  STATUS,
  TOPIC_ASSEMBLED,
  TOPIC_BAKED,
  TOPIC_DELIVERED,
  TOPIC_ORDERED,
  TOPIC_ORDERS_VIEW,
  TOPIC_PENDING,
  TOPIC_STATUS,
  viewRecord,
  WATCH_DELETE_STATUSES,
  WATCHDOG_EXEMPT_STATUSES,
} from './schemas.js';
import { ServiceActor, type Arrival, type Handling, type HandlingEntry, type StopWindow } from './service-actor.js';
import { PIZZA_SHOP_SQL } from './shop-sql.js';
import { assembleSeconds, bakeSeconds, deliverySeconds, MISSING_CUSTOMER_ID, recipeSeed, recipeString } from './timings.js';

/** Fixed handling overheads of the services (ms). */
export const ASSEMBLE_OVERHEAD_MS = 150;
export const BAKE_OVERHEAD_MS = 150;
export const DELIVERY_OVERHEAD_MS = 200;
/** The watchdog runs every 15 s from startTime and flags watch rows older than 45 s. */
export const WATCHDOG_PERIOD_MS = 15_000;
export const STUCK_AFTER_MS = 45_000;
/** Faker label of the `statusReorder` fault (its own component, so it shifts no other draws). */
export const STATUS_REORDER_LABEL = 'statusReorder';

/** Something the shop logged rather than wrote (a duplicate order, a status for an unknown order). */
export interface ShopNote {
  readonly time: number;
  readonly service: string;
  readonly orderId: string;
  readonly message: string;
}

export interface PizzaShopOptions {
  /** Record every handled record in {@link PizzaShop.journal} (memory grows with the run; for tests). */
  readonly journal?: boolean;
}

/** The shop keeps at most this many notes (it counts them all). */
export const MAX_NOTES = 1000;

/** A watch row of the webapp: the last status upsert of an order and when it happened. */
interface WatchRow {
  readonly timestamp: number;
  readonly status: number;
}

const PENDING_ROW = 'PENDING';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * The pizza shop of SCENARIOS.md §5.2 on the run's broker: assemble, bake and delivery as single-threaded
 * discrete-event services, the ksqlDB status merge on a SqlEngine, and the CQRS query side (status service, the
 * webapp's view and watch rows, and the stuck watchdog).
 *
 * Every service event happens at its exact virtual time: {@link advanceTo} moves the clock event by event and runs
 * the SQL (latency 0) and the zero-time status service after each one, so everything is idle between events. At
 * one instant: records in progress end first (assemble, bake, delivery, in that order), then the SQL and the
 * status service run and free services start their next record, and the watchdog tick comes last.
 */
export class PizzaShop implements ScenarioApp {
  /** Every handled record in start order, when {@link PizzaShopOptions.journal} is on (the invariant specs). */
  readonly journal: HandlingEntry[] = [];
  /** The first {@link MAX_NOTES} things the shop logged; {@link noteCount} counts them all. */
  readonly notes: ShopNote[] = [];
  noteCount = 0;
  private readonly broker: Broker;
  private readonly group: ProcessorGroup;
  private readonly services: ServiceActor[];
  private readonly assemble: ServiceActor;
  private readonly bake: ServiceActor;
  private readonly delivery: ServiceActor;
  private readonly status: ServiceActor;
  /** Consumer positions: topic → next offset per partition. */
  private readonly positions = new Map<string, number[]>();
  /** Offsets of the view records the shop itself wrote (the webapp's inserts are the others). */
  private readonly ownViewWrites = new Set<string>();
  private readonly deliveryRows = new Map<string, string>();
  /** The CQRS view `orders`: order_id → status. */
  private readonly view = new Map<string, number>();
  private readonly watch = new Map<string, WatchRow>();
  private readonly reorder: StatusReorderFault | undefined;
  private readonly reorderRnd: SeededFaker | undefined;
  private nextTick: number;
  private arrivals = 0;

  constructor(ctx: ScenarioContext<PizzaOptions>, shopOptions: PizzaShopOptions = {}) {
    const journal = shopOptions.journal === true ? this.journal : null;
    this.broker = ctx.broker;
    for (const topic of SERVICE_TOPICS) this.broker.ensureTopic(topic, { partitions: ctx.partitions });
    this.group = new ProcessorGroup(this.broker, ctx.seed, ctx);
    this.group.addSqlEngine('ksqldb').execute(PIZZA_SHOP_SQL);

    const options = resolvePizzaOptions(ctx.options); // checks the outages and statusReorder of `--input` runs too
    const startTime = options.startTime;
    const stops = (service: PizzaService): StopWindow[] =>
      outagesOf(options.faults)
        .filter((o) => o.service === service)
        .map((o) => ({ from: startTime + o.from, to: startTime + o.to }));
    this.assemble = new ServiceActor('assemble', stops('assemble'), (a) => this.handleOrderedForAssembly(a), journal);
    this.bake = new ServiceActor('bake', stops('bake'), (a) => this.handleAssembled(a), journal);
    const deliveryStops = stops('delivery');
    this.delivery = new ServiceActor('delivery', deliveryStops, (a) => this.handleForDelivery(a), journal, (waiting, start) =>
      drainPick(waiting, start, deliveryStops),
    );
    this.status = new ServiceActor('status', stops('status'), (a, start) => this.handleStatus(a, start), journal);
    this.services = [this.assemble, this.bake, this.delivery, this.status];
    this.nextTick = startTime + WATCHDOG_PERIOD_MS;
    this.reorder = options.faults.statusReorder;
    this.reorderRnd = this.reorder === undefined ? undefined : new SeededFaker(ctx.seed, STATUS_REORDER_LABEL);
  }

  // ---- ScenarioApp ----

  runUntilIdle(): number {
    return this.settle();
  }

  advanceTo(time: number): void {
    for (;;) {
      this.settle();
      const t = this.nextDue();
      if (t === null || t > time) break;
      this.broker.clock.set(Math.max(this.broker.clock.now(), t));
      for (const s of this.services) s.completeIfDue(t);
      this.settle();
      if (this.nextTick === t) this.runWatchdog(t);
    }
    // ticks at or before `time` with no watch row would find nothing: skip them
    if (this.watch.size === 0) this.skipTicksThrough(time);
  }

  nextDue(): number | null {
    let due: number | null = null;
    const consider = (t: number | null): void => {
      if (t !== null && (due === null || t < due)) due = t;
    };
    for (const s of this.services) {
      consider(s.nextEnd());
      consider(s.nextStart());
    }
    if (this.watch.size > 0) consider(this.nextTick);
    return due;
  }

  dropped(): number {
    return this.group.dropped();
  }

  close(): void {
    this.group.close();
  }

  // ---- the event loop ----

  /** Runs the SQL, hands new records to the services and starts what can start now, until nothing moves. */
  private settle(): number {
    let n = 0;
    for (;;) {
      n += this.group.runUntilIdle();
      let moved = this.poll();
      const now = this.broker.clock.now();
      for (const s of this.services) {
        while (s.startIfDue(now)) {
          moved++;
          s.completeIfDue(now); // the status service takes no time
        }
      }
      if (moved === 0) return n;
      n += moved;
    }
  }

  private skipTicksThrough(time: number): void {
    if (this.nextTick <= time) this.nextTick += Math.floor((time - this.nextTick) / WATCHDOG_PERIOD_MS + 1) * WATCHDOG_PERIOD_MS;
  }

  /** Reads every new record of the consumed topics; returns how many. */
  private poll(): number {
    let n = 0;
    const now = this.broker.clock.now();
    for (const r of this.fetchNew(TOPIC_ORDERS_VIEW)) {
      n++;
      // the shop's own writes are seen once here: forget them, the rest are the webapp's
      if (!this.ownViewWrites.delete(`${r.partition}:${r.offset}`)) this.webappWrite(r);
    }
    for (const r of this.fetchNew(TOPIC_ORDERED)) {
      n++;
      this.assemble.enqueue(this.arrival(r, now));
      this.delivery.enqueue(this.arrival(r, now));
    }
    for (const r of this.fetchNew(TOPIC_ASSEMBLED)) {
      n++;
      this.bake.enqueue(this.arrival(r, now));
    }
    for (const r of this.fetchNew(TOPIC_BAKED)) {
      n++;
      this.delivery.enqueue(this.arrival(r, now));
    }
    for (const r of this.fetchNew(TOPIC_STATUS)) {
      n++;
      this.status.enqueue(this.arrival(r, this.statusArrivalTime(r, now)));
    }
    return n;
  }

  private arrival(record: StoredRecord, at: number): Arrival {
    return { record, at, seq: this.arrivals++ };
  }

  /**
   * `statusReorder`: with probability p a pizza-status record reaches the status service at `timestamp + int(1,
   * maxMs)` instead of now (§0.4's delay, drawn per record in offset order from the fault's own faker).
   */
  private statusArrivalTime(r: StoredRecord, now: number): number {
    if (this.reorder === undefined || this.reorderRnd === undefined) return now;
    if (!this.reorderRnd.bern(this.reorder.p)) return now;
    return Math.max(now, r.timestamp + this.reorderRnd.int(1, this.reorder.maxMs));
  }

  private fetchNew(topic: string): StoredRecord[] {
    if (!this.broker.hasTopic(topic)) return [];
    let pos = this.positions.get(topic);
    if (pos === undefined) {
      pos = Array.from({ length: this.broker.partitionCount(topic) }, (_, p) => this.broker.logStartOffset(topic, p));
      this.positions.set(topic, pos);
    }
    const out: StoredRecord[] = [];
    for (let p = 0; p < pos.length; p++) {
      const records = this.broker.fetch(topic, p, pos[p]!);
      pos[p] = this.broker.logEndOffset(topic, p);
      out.push(...records);
    }
    return out;
  }

  private produce(topic: string, key: string, value: unknown, timestamp: number): StoredRecord {
    return this.broker.produce(topic, { key, value, timestamp });
  }

  // ---- services ----

  /** assemble: 150 ms + A s, then `pizza-assembled {200, baking_time: B}`. */
  private handleOrderedForAssembly(a: Arrival): Handling {
    const order = fieldOf(a.record.value, 'order');
    const extras = fieldOf(order, 'extra_toppings');
    const recipe = recipeString(
      text(fieldOf(order, 'sauce')),
      text(fieldOf(order, 'cheese')),
      Array.isArray(extras) ? extras.map(text) : [],
      text(fieldOf(order, 'main_topping')),
    );
    const seed = recipeSeed(recipe);
    const key = String(a.record.key);
    return {
      durationMs: ASSEMBLE_OVERHEAD_MS + 1000 * assembleSeconds(seed),
      finish: (end) => this.produce(TOPIC_ASSEMBLED, key, { status: STATUS.pizza_assembled, baking_time: bakeSeconds(seed), timestamp: end }, end),
    };
  }

  /** bake: 150 ms + baking_time s, then `pizza-baked {300}`. */
  private handleAssembled(a: Arrival): Handling {
    const bakingTime = numberOf(fieldOf(a.record.value, 'baking_time'));
    const key = String(a.record.key);
    return {
      durationMs: BAKE_OVERHEAD_MS + 1000 * (Number.isFinite(bakingTime) ? bakingTime : 0),
      finish: (end) => this.produce(TOPIC_BAKED, key, { status: STATUS.pizza_baked, timestamp: end }, end),
    };
  }

  /** delivery: 200 ms for every record, then the ordered/baked logic of §5.2 with its PENDING rows. */
  private handleForDelivery(a: Arrival): Handling {
    const key = String(a.record.key);
    const row = this.deliveryRows.get(key);
    const deliver = (customerId: string, factor: 1 | 2): Handling => ({
      durationMs: DELIVERY_OVERHEAD_MS + 1000 * deliverySeconds(customerId, factor),
      finish: (end) => this.produce(TOPIC_DELIVERED, key, { status: STATUS.delivered, timestamp: end }, end),
    });
    if (a.record.topic === TOPIC_ORDERED) {
      const customer = fieldOf(fieldOf(a.record.value, 'order'), 'customer_id');
      const customerId = typeof customer === 'string' && customer !== '' ? customer : MISSING_CUSTOMER_ID;
      if (row === PENDING_ROW) {
        this.deliveryRows.set(key, customerId);
        return deliver(customerId, 2);
      }
      if (row !== undefined) {
        this.note({ time: this.broker.clock.now(), service: 'delivery', orderId: key, message: 'duplicate order_id ignored' });
        return { durationMs: DELIVERY_OVERHEAD_MS };
      }
      this.deliveryRows.set(key, customerId);
      return { durationMs: DELIVERY_OVERHEAD_MS };
    }
    if (row !== undefined && row !== PENDING_ROW) return deliver(row, 1);
    this.deliveryRows.set(key, PENDING_ROW);
    return {
      durationMs: DELIVERY_OVERHEAD_MS,
      finish: (end) => this.produce(TOPIC_PENDING, key, { status: STATUS.pending, timestamp: end }, end),
    };
  }

  /** status (CQRS query side): applies a pizza-status record to a known order's view and watch row. Takes no time. */
  private handleStatus(a: Arrival, start: number): Handling {
    const key = String(a.record.key);
    if (!this.view.has(key)) {
      this.note({ time: start, service: 'status', orderId: key, message: 'status for an unknown order' });
      return { durationMs: 0 };
    }
    const value = a.record.value;
    let status: number;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) status = STATUS.something_wrong;
    else {
      const raw = fieldOf(value, 'STATUS');
      const code = numberOf(raw);
      status = raw === undefined || raw === null ? STATUS.unknown : Number.isInteger(code) ? code : STATUS.something_wrong;
    }
    this.writeView(key, status, start);
    this.upsertWatch(key, status, start);
    return { durationMs: 0 };
  }

  /** The webapp's own view write (an input record): the order becomes known and its watch row is upserted. */
  private webappWrite(r: StoredRecord): void {
    const status = numberOf(fieldOf(r.value, 'status'));
    if (!Number.isInteger(status)) return;
    const key = String(r.key);
    this.view.set(key, status);
    this.upsertWatch(key, status, r.timestamp);
  }

  /** watchdog: each watch row older than 45 s and not delivered/cancelled turns the view to 50 and is deleted. */
  private runWatchdog(now: number): void {
    this.nextTick = now + WATCHDOG_PERIOD_MS;
    if (this.status.stoppedAt(now)) return; // the status outage stops its watchdog too
    for (const [key, row] of [...this.watch]) {
      if (row.timestamp < now - STUCK_AFTER_MS && !WATCHDOG_EXEMPT_STATUSES.has(row.status)) {
        this.writeView(key, STATUS.stuck, now);
        this.watch.delete(key);
      }
    }
  }

  private note(note: ShopNote): void {
    this.noteCount++;
    if (this.notes.length < MAX_NOTES) this.notes.push(note);
  }

  private writeView(key: string, status: number, now: number): void {
    this.view.set(key, status);
    const stored = this.produce(TOPIC_ORDERS_VIEW, key, viewRecord(key, status, now), now);
    this.ownViewWrites.add(`${stored.partition}:${stored.offset}`);
  }

  private upsertWatch(key: string, status: number, now: number): void {
    if (WATCH_DELETE_STATUSES.has(status)) {
      this.watch.delete(key);
      return;
    }
    // ticks passed while nothing was watched found nothing: the next one that counts is after now
    if (this.watch.size === 0) this.skipTicksThrough(this.broker.clock.now());
    this.watch.set(key, { timestamp: now, status });
  }
}

/**
 * Delivery's pick: FIFO, except that records waiting since before the end of an outage (its backlog) go
 * `pizza-baked` first (§5.2, the README's worst case).
 */
export function drainPick(waiting: readonly Arrival[], start: number, outages: readonly StopWindow[]): number {
  let cut = Number.NEGATIVE_INFINITY;
  for (const o of outages) if (o.to <= start && o.to > cut) cut = o.to;
  for (let i = 0; i < waiting.length && waiting[i]!.at < cut; i++) {
    if (waiting[i]!.record.topic === TOPIC_BAKED) return i;
  }
  return 0;
}
