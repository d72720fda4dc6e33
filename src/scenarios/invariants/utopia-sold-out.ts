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

/** A sold-out history: events by capacity, ticket requests by event index, and faults on tickets. */
export interface SoldOutHistory {
  readonly capacities: readonly number[];
  /** Each ticket's event, as an index into `capacities` (taken modulo their count). */
  readonly tickets: readonly number[];
  readonly faults: readonly ScheduledFault[];
}

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
 * original timestamp, dup = appended twice (a producer duplicate counts as one more request).
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
  readonly responses: { eventid: string; status: string; remaining: number }[];
  readonly alerts: { eventid: string; status: string; sold: number }[];
}

/** U4 and U5 as separate apps (as the scenario runs them), each on its own driver fed the same records. */
function runSoldOut(inputs: readonly Input[]): Observed {
  const feed = <V>(app: (b: StreamsBuilder) => void, output: string, read: (v: V) => Record<string, JsonValue>) => {
    const builder = new StreamsBuilder();
    app(builder);
    const driver = new TestDriver(builder, { startTime: T0 });
    try {
      const topics = { [TOPIC_EVENTS]: driver.createInputTopic<string, Event | Ticket>(TOPIC_EVENTS), [TOPIC_TICKETS]: driver.createInputTopic<string, Event | Ticket>(TOPIC_TICKETS) };
      for (const r of inputs) topics[r.topic as keyof typeof topics].pipeInput(r.key, r.value, r.timestamp);
      return driver.createOutputTopic<string, V>(output).readValuesToList().map(read);
    } finally {
      driver.close();
    }
  };
  return {
    responses: feed<EventTicketConfirmation>(purchaseEventTicket, PURCHASE_EVENT_TICKET_OUTPUT, (v) => ({
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
  const known = new Set<string>();
  const requested = new Map<string, number>();
  for (const r of inputs) {
    if (r.topic === TOPIC_EVENTS) known.add(r.key);
    else {
      const e = (r.value as Ticket).eventid;
      if (known.has(e)) requested.set(e, (requested.get(e) ?? 0) + 1);
    }
  }
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

export const UTOPIA_SOLD_OUT = 'utopia-sold-out';

/** U4 PurchaseEventTicket and U5 event capacity alerts over 1–3 small events, up to 40 tickets and faults. */
export function soldOutSpec(options: JsonValue = { faults: [] }): InvariantSpec<SoldOutHistory> {
  const kinds = faultKindsOption(options);
  return {
    name: UTOPIA_SOLD_OUT,
    topology: 'utopia PurchaseEventTicket (U4) + event capacity alerts (U5)',
    invariant:
      'per event: confirmed tickets never exceed capacity, CONFIRMED before REJECTED, remaining drops by 1 per response; at most one ALMOST_SOLD_OUT then one SOLD_OUT, SOLD_OUT iff requested ≥ capacity (SCENARIOS.md §2.5.3–4)',
    options: { faults: kinds },
    history: fc.record({
      capacities: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
      tickets: fc.array(fc.nat({ max: 2 }), { maxLength: 40 }),
      faults: faultScheduleArb(kinds),
    }),
    run: (h) => runSoldOut(soldOutInputs(h)) as unknown as JsonValue,
    check: (h, observed) => checkSoldOut(h, soldOutInputs(h), observed as unknown as Observed),
    encode: (h) => ({ capacities: [...h.capacities], tickets: [...h.tickets], faults: h.faults.map((f) => ({ ...f })) }),
    decode: (json) => json as unknown as SoldOutHistory,
    faults: (h) => h.faults.map((f) => ({ kind: f.kind, ticket: `t${(f.at % Math.max(1, h.tickets.length)) + 1}` })),
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
