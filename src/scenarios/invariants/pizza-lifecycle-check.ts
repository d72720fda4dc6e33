import type { JsonValue } from '../../assertions/harness/invariant-spec.js';
import { T0 } from '../common/seeded-faker.js';
import type { PizzaService } from '../pizza/options.js';
import { TOPIC_ORDERED, type Ordered } from '../pizza/schemas.js';
import { outagesOfHistory, pizzaInputs, recipeTimes, type PizzaHistory } from './pizza-order-lifecycle.js';
import { firstDifference } from './first-difference.js';

/** What the shop produced, per topic, as [key, …fields, record ts] rows in offset order. */
export interface LifecycleObserved {
  /** [key, status, baking_time, timestamp, ts] */
  readonly assembled: JsonValue[][];
  /** [key, status, timestamp, ts] (baked, delivered, pending) */
  readonly baked: JsonValue[][];
  readonly delivered: JsonValue[][];
  readonly pending: JsonValue[][];
  /** [key, STATUS, TIMESTAMP, ts] */
  readonly status: JsonValue[][];
  /** [key, {order_id, status, label, timestamp}, ts] */
  readonly view: JsonValue[][];
}

const WATCHDOG_PERIOD_MS = 15_000;
const STUCK_AFTER_MS = 45_000;

/** The first instant ≥ t outside every outage window [from, to): a service starts nothing inside one. */
function avoid(t: number, windows: readonly (readonly [number, number])[]): number {
  for (let moved = true; moved; ) {
    moved = false;
    for (const [from, to] of windows) {
      if (t >= from && t < to) {
        t = to;
        moved = true;
      }
    }
  }
  return t;
}


/**
 * SCENARIOS.md §5.5 against a brute-force model of the shop:
 * - 1/3: assemble and bake are single FIFO servers (start = the first instant ≥ max(arrival, free) outside their
 *   outages, end = start + 150 ms + A or B seconds, A from the md5 recipe seed, B = A + 4 = baking_time), one
 *   record per `pizza-ordered` copy; per order 1 ≤ delivered ≤ copies, the first ≥ its first baked + 200 ms + D;
 *   no pending record without a delivery outage;
 * - 2: pizza-status = the multiset union of (key, status, timestamp) over ordered and the four service topics,
 *   each with ts = TIMESTAMP;
 * - 4/5: every order's view ends at 999; 50 only at a watchdog tick more than 45 s after the order's last other
 *   write; 150 only for an order with a pending record, and a 999 follows; for orders without a duplicate, the
 *   writes restricted to {100, 200, 300, 999} never decrease and nothing follows the 999 (a duplicate bakes twice,
 *   so its second 300 can follow the first 999).
 */
export function checkLifecycle(h: PizzaHistory, o: LifecycleObserved): string | null {
  const inputs = pizzaInputs(h);
  const outages = outagesOfHistory(h);
  const windows = (s: PizzaService) => outages.filter((x) => x.service === s).map((x) => [T0 + x.from, T0 + x.to] as const);

  // arrivals: the runner appends in order, at the later of the record's append time and the previous one's
  let clock = Number.NEGATIVE_INFINITY;
  const ordered: { id: string; value: Ordered; arrival: number }[] = [];
  for (const { record } of inputs) {
    clock = Math.max(clock, record.appendAt ?? record.timestamp);
    if (record.topic === TOPIC_ORDERED) ordered.push({ id: record.key as string, value: record.value as Ordered, arrival: clock });
  }
  const times = new Map(ordered.map((x) => [x.id, recipeTimes(x.value.order)]));

  let free = Number.NEGATIVE_INFINITY;
  const assembled: JsonValue[][] = ordered.map((x) => {
    const { a } = times.get(x.id)!;
    const end = avoid(Math.max(x.arrival, free), windows('assemble')) + 150 + 1000 * a;
    free = end;
    return [x.id, 200, a + 4, end, end];
  });
  const assembleDiff = firstDifference('pizza-assembled [key, status, baking_time, timestamp, ts]', o.assembled, assembled);
  if (assembleDiff !== null) return assembleDiff;
  free = Number.NEGATIVE_INFINITY;
  const baked: JsonValue[][] = assembled.map(([id, , bakingTime, at]) => {
    const end = avoid(Math.max(at as number, free), windows('bake')) + 150 + 1000 * (bakingTime as number);
    free = end;
    return [id!, 300, end, end];
  });
  const bakeDiff = firstDifference('pizza-baked [key, status, timestamp, ts]', o.baked, baked);
  if (bakeDiff !== null) return bakeDiff;

  const copies = new Map<string, number>();
  for (const x of ordered) copies.set(x.id, (copies.get(x.id) ?? 0) + 1);
  const ofOrder = (rows: readonly JsonValue[][], id: string) => rows.filter((r) => r[0] === id);
  if (windows('delivery').length === 0 && o.pending.length > 0) return `pending record ${JSON.stringify(o.pending[0])} without a delivery outage`;
  for (const [id, n] of copies) {
    const delivered = ofOrder(o.delivered, id);
    if (delivered.length < 1 || delivered.length > n) return `${id}: ${delivered.length} delivered records for ${n} pizza-ordered cop${n === 1 ? 'y' : 'ies'}`;
    const minAt = (ofOrder(baked, id)[0]![2] as number) + 200 + 1000 * times.get(id)!.d;
    if ((delivered[0]![3] as number) < minAt) return `${id}: delivered at ${sinceStart(delivered[0]![3]!)}, before baked + 200 ms + D = ${sinceStart(minAt)}`;
  }
  for (const r of [...o.delivered, ...o.pending]) if (r[2] !== r[3]) return `service record ${JSON.stringify(r)}: timestamp field ≠ record ts`;

  const statusKey = (key: JsonValue, status: JsonValue, ts: JsonValue) => JSON.stringify([key, status, ts]);
  const wantStatus = [
    ...ordered.map((x) => statusKey(x.id, 100, x.value.timestamp)),
    ...[...o.assembled, ...o.baked, ...o.delivered, ...o.pending].map((r) => statusKey(r[0]!, r[1]!, r[r.length - 2]!)),
  ].sort();
  const gotStatus = o.status.map((r) => statusKey(r[0]!, r[1]!, r[2]!)).sort();
  const statusDiff = firstDifference('pizza-status (sorted) [key, STATUS, TIMESTAMP]', gotStatus, wantStatus);
  if (statusDiff !== null) return statusDiff;
  const offTime = o.status.find((r) => r[2] !== r[3]);
  if (offTime !== undefined) return `pizza-status ${JSON.stringify(offTime)}: ts ≠ TIMESTAMP`;

  return checkView(o, copies);
}

function sinceStart(ts: JsonValue): string {
  return `+${((ts as number) - T0) / 1000}s`;
}

function checkView(o: LifecycleObserved, copies: ReadonlyMap<string, number>): string | null {
  const pending = new Set(o.pending.map((r) => r[0]));
  for (const [id, n] of copies) {
    const writes = o.view.filter((r) => r[0] === id).map((r) => ({ status: (r[1] as { status: number }).status, ts: r[2] as number }));
    const statuses = writes.map((w) => w.status);
    const where = `${id}: view ${statuses.join(', ')}`;
    if (statuses.at(-1) !== 999) return `${where}: the last write is not 999`;
    let lastUpsert = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i]!;
      if (w.status === 50) {
        if ((w.ts - T0) % WATCHDOG_PERIOD_MS !== 0) return `${where}: 50 at ${sinceStart(w.ts)}, not a watchdog tick`;
        if (!(w.ts - lastUpsert > STUCK_AFTER_MS)) return `${where}: 50 at ${sinceStart(w.ts)}, only ${(w.ts - lastUpsert) / 1000} s after the last upsert`;
      } else lastUpsert = w.ts;
      if (w.status === 150 && (!pending.has(id) || !statuses.slice(i + 1).includes(999))) return `${where}: 150 off the pending path or not followed by 999`;
    }
    if (n > 1) continue;
    const main = statuses.filter((s) => s === 100 || s === 200 || s === 300 || s === 999);
    if (main.some((s, i) => i > 0 && s < main[i - 1]!)) return `${where}: decreases over {100, 200, 300, 999}`;
    if (statuses.indexOf(999) !== statuses.length - 1) return `${where}: a write after 999`;
  }
  return null;
}
