import fc from 'fast-check';
import { TestDriver } from '../../sim/driver/test-driver.js';
import { T0 } from '../common/seeded-faker.js';
import { EVENT_CAPACITY_ALERTS_OUTPUT, eventCapacityAlerts, type EventCapacityAlert } from '../utopia/event-capacity-alerts.js';
import { PURCHASE_EVENT_TICKET_OUTPUT, purchaseEventTicket, type EventTicketConfirmation } from '../utopia/purchase-event-ticket.js';
import { TOPIC_EVENTS, TOPIC_TICKETS, type Event, type Ticket } from '../utopia/schemas.js';
import { StreamsBuilder } from '../../streams/index.js';
import { faultKindsOption, faultScheduleArb, type FaultKind, type ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import { sinceT0 } from './since-t0.js';
import type { HistoryTable, InvariantSpec, JsonValue } from '../../assertions/harness/invariant-spec.js';

/** A sold-out history: events by capacity, ticket requests by event index, faults on tickets and crashes. */
export interface SoldOutHistory {
  readonly capacities: readonly number[];
  /** Each ticket's event, as an index into `capacities` (taken modulo their count). */
  readonly tickets: readonly number[];
  readonly faults: readonly ScheduledFault[];
  /** With crash faults: the apps commit after every this many processed records (TestDriver commitEvery). */
  readonly commitEvery?: number;
}

/** Kafka's processing.guarantee the apps run with when the history crashes them. */
export type SoldOutGuarantee = 'at_least_once' | 'exactly_once_v2';
export const SOLD_OUT_GUARANTEES: readonly SoldOutGuarantee[] = ['at_least_once', 'exactly_once_v2'];

interface Input {
  readonly topic: string;
  readonly key: string;
  readonly value: Event | Ticket;
  readonly timestamp: number;
}

function eventId(i: number): string {
  return `e${i + 1}`;
}

/**
 * The records in append order: every event first, then the tickets one second apart. Faults hit ticket
 * `at mod n`: reorder = appended before every event (the inner join then drops it), late = appended last with its
 * original timestamp, dup = appended twice (a producer duplicate counts as one more request). Crash faults hit the
 * apps, not the records (see runSoldOut).
 */
export function soldOutInputs(h: SoldOutHistory): Input[] {
  const events: Input[] = h.capacities.map((capacity, i) => ({
    topic: TOPIC_EVENTS,
    key: eventId(i),
    value: { id: eventId(i), artistid: 'a1', venueid: 'v1', capacity, eventdate: '2024-06-01' },
    timestamp: T0 + i,
  }));
  const early: Input[] = [];
  const middle: Input[] = [];
  const last: Input[] = [];
  const faultsOf = (i: number): Set<FaultKind> => new Set(h.faults.filter((f) => f.at % Math.max(1, h.tickets.length) === i).map((f) => f.kind));
  h.tickets.forEach((e, i) => {
    const id = `t${i + 1}`;
    const ticket: Input = {
      topic: TOPIC_TICKETS,
      key: id,
      value: { id, customerid: `c${(i % 3) + 1}`, eventid: eventId(e % h.capacities.length), price: 10 },
      timestamp: T0 + 1000 * (i + 1),
    };
    const faults = faultsOf(i);
    const copies = faults.has('dup') ? [ticket, ticket] : [ticket];
    (faults.has('reorder') ? early : faults.has('late') ? last : middle).push(...copies);
  });
  return [...early, ...events, ...middle, ...last];
}

interface Observed {
  readonly responses: { ticket: string; eventid: string; status: string; remaining: number }[];
  readonly alerts: { eventid: string; status: string; sold: number }[];
}

/** How a run crashes its apps: none (the default policy, no crash) or crash faults under a guarantee. */
interface CrashPlan {
  readonly guarantee: SoldOutGuarantee;
  readonly commitEvery: number;
  /** Crash i comes `gaps[i] + 1` processed records after the start or the previous restart. */
  readonly gaps: readonly number[];
}

function crashPlan(h: SoldOutHistory, guarantee: SoldOutGuarantee): CrashPlan | null {
  const gaps = h.faults.filter((f) => f.kind === 'crash').map((f) => f.at);
  return gaps.length === 0 ? null : { guarantee, commitEvery: h.commitEvery ?? 1, gaps };
}

/**
 * U4 and U5 as separate apps (as the scenario runs them: two application ids), each on its own driver fed the
 * same records. A crash plan crashes each app's runtime on the same schedule, independently (they share no
 * state, so crashing one alone would test the same thing twice over); records piped while an app is down wait
 * in their topics and the restart processes them. Commits at the end make an exactly-once run's tail visible.
 */
function runSoldOut(inputs: readonly Input[], plan: CrashPlan | null = null): Observed {
  const feed = <V>(app: (b: StreamsBuilder) => void, output: string, read: (v: V) => Record<string, JsonValue>) => {
    const builder = new StreamsBuilder();
    app(builder);
    const driver = new TestDriver(
      builder,
      plan === null ? { startTime: T0 } : { startTime: T0, processingGuarantee: plan.guarantee, commitEvery: plan.commitEvery },
    );
    try {
      let nextCrash = 0;
      const arm = () => {
        if (plan !== null && nextCrash < plan.gaps.length) driver.crashAfter(plan.gaps[nextCrash++]! + 1);
      };
      arm();
      const topics = { [TOPIC_EVENTS]: driver.createInputTopic<string, Event | Ticket>(TOPIC_EVENTS), [TOPIC_TICKETS]: driver.createInputTopic<string, Event | Ticket>(TOPIC_TICKETS) };
      const restartIfCrashed = () => {
        while (driver.isCrashed()) {
          driver.restart();
          arm();
        }
      };
      for (const r of inputs) {
        topics[r.topic as keyof typeof topics].pipeInput(r.key, r.value, r.timestamp);
        restartIfCrashed();
      }
      // Commit until quiet: under exactly-once a commit makes repartition records readable, which the next
      // transaction processes (and an armed crash may strike there too).
      while (plan !== null && driver.runtime.pendingRecords > 0) {
        driver.commit();
        restartIfCrashed();
      }
      return driver.createOutputTopic<string, V>(output).readValuesToList().map(read);
    } finally {
      driver.close();
    }
  };
  return {
    responses: feed<EventTicketConfirmation>(purchaseEventTicket, PURCHASE_EVENT_TICKET_OUTPUT, (v) => ({
      ticket: v.ticketRequest.id,
      eventid: v.event.id,
      status: v.confirmationStatus,
      remaining: v.remainingTickets,
    })) as Observed['responses'],
    alerts: feed<EventCapacityAlert>(eventCapacityAlerts, EVENT_CAPACITY_ALERTS_OUTPUT, (v) => ({ eventid: v.eventid, status: v.status, sold: v.sold })) as Observed['alerts'],
  };
}

/**
 * SCENARIOS.md §2.5 invariants 3 and 4, per event, where `requested` counts the tickets appended after their
 * event (earlier ones find no event and are dropped): one response per requested ticket, confirmed tickets never
 * exceed capacity, every CONFIRMED before any REJECTED, remainingTickets = capacity − requested so far; at most one
 * ALMOST_SOLD_OUT and one SOLD_OUT, ALMOST first, and SOLD_OUT iff requested ≥ capacity.
 */
function checkSoldOut(h: SoldOutHistory, inputs: readonly Input[], observed: Observed): string | null {
  return checkSoldOutGiven(h, requestedInAppendOrder(inputs), observed);
}

/** Tickets per event that find their event: those appended after it (records are processed in append order). */
function requestedInAppendOrder(inputs: readonly Input[]): Map<string, number> {
  const known = new Set<string>();
  const requested = new Map<string, number>();
  for (const r of inputs) {
    if (r.topic === TOPIC_EVENTS) known.add(r.key);
    else {
      const e = (r.value as Ticket).eventid;
      if (known.has(e)) requested.set(e, (requested.get(e) ?? 0) + 1);
    }
  }
  return requested;
}

function checkSoldOutGiven(h: SoldOutHistory, requested: ReadonlyMap<string, number>, observed: Observed): string | null {
  for (let i = 0; i < h.capacities.length; i++) {
    const e = eventId(i);
    const capacity = h.capacities[i]!;
    const req = requested.get(e) ?? 0;
    const responses = observed.responses.filter((r) => r.eventid === e);
    if (responses.length !== req) return `${e}: ${responses.length} ticket responses for ${req} requested tickets`;
    const confirmed = responses.filter((r) => r.status === 'CONFIRMED').length;
    if (confirmed > capacity) return `${e}: ${confirmed} tickets confirmed, capacity ${capacity}`;
    const firstRejected = responses.findIndex((r) => r.status === 'REJECTED');
    if (firstRejected >= 0 && responses.slice(firstRejected).some((r) => r.status === 'CONFIRMED')) return `${e}: a CONFIRMED after a REJECTED`;
    const wrong = responses.findIndex((r, n) => r.remaining !== capacity - (n + 1));
    if (wrong >= 0) return `${e}: response ${wrong + 1} has remainingTickets ${responses[wrong]!.remaining}, expected ${capacity - (wrong + 1)}`;
    const alerts = observed.alerts.filter((a) => a.eventid === e).map((a) => a.status);
    const almost = alerts.filter((s) => s === 'ALMOST_SOLD_OUT').length;
    const soldOut = alerts.filter((s) => s === 'SOLD_OUT').length;
    if (almost > 1 || soldOut > 1) return `${e}: alerts ${alerts.join(', ')}: at most one of each expected`;
    if (almost === 1 && soldOut === 1 && alerts[0] !== 'ALMOST_SOLD_OUT') return `${e}: SOLD_OUT before ALMOST_SOLD_OUT`;
    if ((soldOut === 1) !== req >= capacity) return `${e}: ${soldOut === 1 ? 'SOLD_OUT' : 'no SOLD_OUT'} with ${req} requested tickets for capacity ${capacity}`;
  }
  return null;
}

/** Per event, as JSON text: the outputs one event got, in order. */
function perEvent(records: readonly { eventid: string }[], e: string): string {
  return JSON.stringify(records.filter((r) => r.eventid === e));
}

/**
 * Exactly-once across crashes: every event's responses and alerts equal a crash-free run's (Kafka commits
 * outputs, changelog and offsets in one transaction, so a crash leaves no trace in read_committed outputs).
 */
function checkExactlyOnce(h: SoldOutHistory, crashFree: Observed, observed: Observed): string | null {
  for (let i = 0; i < h.capacities.length; i++) {
    const e = eventId(i);
    for (const part of ['responses', 'alerts'] as const) {
      const want = perEvent(crashFree[part] as readonly { eventid: string }[], e);
      const got = perEvent(observed[part] as readonly { eventid: string }[], e);
      if (want !== got) return `${e}: ${part} ${got} differ from the crash-free run's ${want}`;
    }
  }
  return null;
}

/**
 * At-least-once across crashes, what Kafka promises and no more: every ticket gets a response and every alert a
 * crash-free run emits appears (duplicates allowed). The redelivered records are counted again (the store
 * restores the uncommitted updates from its changelog), so requested over-counts: CONFIRMED responses still
 * never exceed capacity (each carries a distinct remaining ≥ 0), but a ticket confirmed crash-free can be
 * REJECTED and SOLD_OUT can fire with fewer requests than capacity (docs/property-harness.md).
 */
function checkAtLeastOnce(h: SoldOutHistory, crashFree: Observed, observed: Observed): string | null {
  for (const r of crashFree.responses) {
    if (!observed.responses.some((o) => o.ticket === r.ticket)) return `${r.eventid}: ticket ${r.ticket} got no response`;
  }
  for (let i = 0; i < h.capacities.length; i++) {
    const e = eventId(i);
    const confirmed = observed.responses.filter((r) => r.eventid === e && r.status === 'CONFIRMED').length;
    if (confirmed > h.capacities[i]!) return `${e}: ${confirmed} CONFIRMED responses, capacity ${h.capacities[i]}`;
    for (const a of crashFree.alerts.filter((x) => x.eventid === e)) {
      if (!observed.alerts.some((o) => o.eventid === e && o.status === a.status)) return `${e}: the crash-free ${a.status} alert is missing`;
    }
  }
  return null;
}

/** A field of an options object (undefined for anything else). */
function optionField(options: JsonValue, name: string): JsonValue | undefined {
  return options !== null && typeof options === 'object' && !Array.isArray(options) ? (options as { readonly [k: string]: JsonValue })[name] : undefined;
}

function guaranteeOption(options: JsonValue): SoldOutGuarantee {
  const g = optionField(options, 'guarantee');
  if (g === undefined) return 'exactly_once_v2';
  if (typeof g !== 'string' || !(SOLD_OUT_GUARANTEES as readonly string[]).includes(g)) throw new RangeError(`options.guarantee must be one of ${SOLD_OUT_GUARANTEES.join(', ')}`);
  return g as SoldOutGuarantee;
}

export const UTOPIA_SOLD_OUT = 'utopia-sold-out';

/**
 * U4 PurchaseEventTicket and U5 event capacity alerts over 1–3 small events, up to 40 tickets and faults. With
 * crash faults, `options.guarantee` (default exactly_once_v2) picks the processing guarantee and its invariant.
 * `brokenExpectation` is for testing the harness: it asserts exactly-once's invariant on at-least-once runs.
 */
export function soldOutSpec(options: JsonValue = { faults: [] }): InvariantSpec<SoldOutHistory> {
  const kinds = faultKindsOption(options);
  const crashes = kinds.includes('crash');
  const guarantee = guaranteeOption(options);
  const broken = optionField(options, 'brokenExpectation') === true;
  const base =
    'per event: confirmed tickets never exceed capacity, CONFIRMED before REJECTED, remaining drops by 1 per response; at most one ALMOST_SOLD_OUT then one SOLD_OUT, SOLD_OUT iff requested ≥ capacity (SCENARIOS.md §2.5.3–4)';
  const invariant = !crashes
    ? base
    : guarantee === 'exactly_once_v2' || broken
      ? `${base}; across crashes under exactly_once_v2, every event's outputs equal a crash-free run's`
      : 'at_least_once across crashes: every ticket gets a response, CONFIRMED responses never exceed capacity, every alert of a crash-free run appears at least once';
  const observe = (h: SoldOutHistory): Observed => {
    const plan = crashPlan(h, broken ? 'at_least_once' : guarantee);
    return runSoldOut(soldOutInputs(h), plan);
  };
  const check = (h: SoldOutHistory, observed: Observed): string | null => {
    const inputs = soldOutInputs(h);
    const plan = crashPlan(h, guarantee);
    if (plan === null) return checkSoldOut(h, inputs, observed);
    // The reference: the same guarantee and commits without the crashes. Under exactly-once a ticket's
    // repartition record is readable only once committed, so whether it finds its event depends on the commit
    // points, not on append order alone: `requested` counts the reference run's responses.
    const crashFree = runSoldOut(inputs, { ...plan, gaps: [] });
    if (guarantee === 'at_least_once' && !broken) return checkAtLeastOnce(h, crashFree, observed);
    const requested = new Map<string, number>();
    for (const r of crashFree.responses) requested.set(r.eventid, (requested.get(r.eventid) ?? 0) + 1);
    return checkSoldOutGiven(h, requested, observed) ?? checkExactlyOnce(h, crashFree, observed);
  };
  return {
    name: UTOPIA_SOLD_OUT,
    topology: 'utopia PurchaseEventTicket (U4) + event capacity alerts (U5)',
    invariant,
    options: crashes ? { faults: kinds, guarantee, ...(broken ? { brokenExpectation: true } : {}) } : { faults: kinds },
    history: fc.record({
      capacities: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
      tickets: fc.array(fc.nat({ max: 2 }), { maxLength: 40 }),
      faults: faultScheduleArb(kinds),
      ...(crashes ? { commitEvery: fc.integer({ min: 1, max: 4 }) } : {}),
    }) as fc.Arbitrary<SoldOutHistory>,
    run: (h) => observe(h) as unknown as JsonValue,
    check: (h, observed) => check(h, observed as unknown as Observed),
    encode: (h) => ({
      capacities: [...h.capacities],
      tickets: [...h.tickets],
      faults: h.faults.map((f) => ({ ...f })),
      ...(h.commitEvery === undefined ? {} : { commitEvery: h.commitEvery }),
    }),
    decode: (json) => json as unknown as SoldOutHistory,
    faults: (h): JsonValue =>
      h.faults.map((f): JsonValue =>
        f.kind === 'crash'
          ? { kind: f.kind, afterProcessedRecords: f.at + 1, guarantee: broken ? 'at_least_once' : guarantee, commitEvery: h.commitEvery ?? 1 }
          : { kind: f.kind, ticket: `t${(f.at % Math.max(1, h.tickets.length)) + 1}` },
      ),
    table: (h) => inputTable(soldOutInputs(h)),
  };
}

function inputTable(inputs: readonly Input[]): HistoryTable {
  return {
    columns: ['#', 'topic', 'key', 'timestamp', 'value'],
    rows: inputs.map((r, i) => {
      const text = r.topic === TOPIC_EVENTS ? `capacity=${(r.value as Event).capacity}` : `for ${(r.value as Ticket).eventid}`;
      return [String(i + 1), r.topic, r.key, sinceT0(r.timestamp), text];
    }),
  };
}
