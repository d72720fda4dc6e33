import type { SoldOutGuarantee, SoldOutHistory } from './utopia-sold-out.js';
import { TOPIC_EVENTS, type Event, type Ticket } from '../utopia/schemas.js';
import { checkTicketOrderAcrossPartitions } from './utopia-sold-out-rebalance.js';

/* What the sold-out invariant checks (utopia-sold-out.ts runs the apps): the §2.5.3–4 rules, and across crashes and rebalances. */

export interface Input {
  readonly topic: string;
  readonly key: string;
  readonly value: Event | Ticket;
  readonly timestamp: number;
}

export function eventId(i: number): string {
  return `e${i + 1}`;
}

export interface Observed {
  readonly responses: { ticket: string; eventid: string; status: string; remaining: number }[];
  readonly alerts: { eventid: string; status: string; sold: number }[];
}

/**
 * SCENARIOS.md §2.5 invariants 3 and 4, per event, where `requested` counts the tickets appended after their
 * event (earlier ones find no event and are dropped): one response per requested ticket, confirmed tickets never
 * exceed capacity, every CONFIRMED before any REJECTED, remainingTickets = capacity − requested so far; at most one
 * ALMOST_SOLD_OUT and one SOLD_OUT, ALMOST first, and SOLD_OUT iff requested ≥ capacity.
 */
export function checkSoldOut(h: SoldOutHistory, inputs: readonly Input[], observed: Observed): string | null {
  return checkSoldOutGiven(h, requestedInAppendOrder(inputs), observed);
}

/** Tickets per event that find their event: those appended after it (records are processed in append order). */
export function requestedInAppendOrder(inputs: readonly Input[]): Map<string, number> {
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

export function checkSoldOutGiven(h: SoldOutHistory, requested: ReadonlyMap<string, number>, observed: Observed): string | null {
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
export function perEvent(records: readonly { eventid: string }[], e: string): string {
  return JSON.stringify(records.filter((r) => r.eventid === e));
}

/**
 * Exactly-once across crashes: every event's responses and alerts equal a crash-free run's (Kafka commits
 * outputs, changelog and offsets in one transaction, so a crash leaves no trace in read_committed outputs).
 */
export function checkExactlyOnce(h: SoldOutHistory, crashFree: Observed, observed: Observed): string | null {
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
export function checkAtLeastOnce(h: SoldOutHistory, crashFree: Observed, observed: Observed): string | null {
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

/**
 * Several instances over several partitions, across clean handovers (either guarantee) and exactly-once
 * crashes: each ticket answered once, in its partition's order, the early ones as the guarantee allows
 * (utopia-sold-out-rebalance.ts); the responses and alerts per event follow §2.5.3–4 for the tickets answered;
 * and an event that got as many responses as in the single-instance reference got the same alerts.
 */
export function checkRebalanced(h: SoldOutHistory, inputs: readonly Input[], reference: Observed, observed: Observed, partitions: number, guarantee: SoldOutGuarantee): string | null {
  const order = checkTicketOrderAcrossPartitions(inputs, reference.responses, observed.responses, partitions, guarantee === 'exactly_once_v2');
  if (order !== null) return order;
  const answered = new Map<string, number>();
  for (const r of observed.responses) answered.set(r.eventid, (answered.get(r.eventid) ?? 0) + 1);
  const rules = checkSoldOutGiven(h, answered, observed);
  if (rules !== null) return rules;
  for (let i = 0; i < h.capacities.length; i++) {
    const e = eventId(i);
    if (reference.responses.filter((r) => r.eventid === e).length !== (answered.get(e) ?? 0)) continue;
    const want = perEvent(reference.alerts, e);
    const got = perEvent(observed.alerts, e);
    if (want !== got) return `${e}: alerts ${got} differ from the single-instance run's ${want}`;
  }
  return null;
}
