import fc from 'fast-check';
import { TestDriver } from '../../sim/driver/test-driver.js';
import { T0 } from '../common/seeded-faker.js';
import { EVENT_CAPACITY_ALERTS_OUTPUT, eventCapacityAlerts, type EventCapacityAlert } from '../utopia/event-capacity-alerts.js';
import { PURCHASE_EVENT_TICKET_OUTPUT, purchaseEventTicket, type EventTicketConfirmation } from '../utopia/purchase-event-ticket.js';
import { TOPIC_EVENTS, TOPIC_TICKETS, type Event, type Ticket } from '../utopia/schemas.js';
import { StreamsBuilder } from '../../streams/index.js';
import { faultKindsOption, faultScheduleArb, type FaultKind, type ScheduledFault } from '../../assertions/harness/fault-kinds.js';
import { crashesAnything, driveWithMembershipChanges, membershipChangesOf, type MembershipChange } from '../../assertions/arbitraries/rebalance-run.js';
import { sinceT0 } from './since-t0.js';
import { checkAtLeastOnce, checkExactlyOnce, checkRebalanced, checkSoldOut, checkSoldOutGiven, eventId, type Input, type Observed } from './utopia-sold-out-checks.js';
import type { HistoryTable, InvariantSpec, JsonValue } from '../../assertions/harness/invariant-spec.js';

/** A sold-out history: events by capacity, ticket requests by event index, faults on tickets and crashes. */
export interface SoldOutHistory {
  readonly capacities: readonly number[];
  /** Each ticket's event, as an index into `capacities` (taken modulo their count). */
  readonly tickets: readonly number[];
  readonly faults: readonly ScheduledFault[];
  /** With crash or rebalance faults: the apps commit after every this many processed records (TestDriver commitEvery). */
  readonly commitEvery?: number;
}

/** Kafka's processing.guarantee the apps run with when the history crashes them. */
export type SoldOutGuarantee = 'at_least_once' | 'exactly_once_v2';
export const SOLD_OUT_GUARANTEES: readonly SoldOutGuarantee[] = ['at_least_once', 'exactly_once_v2'];

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


/** How a run crashes its apps: none (the default policy, no crash) or crash faults under a guarantee. */
interface CrashPlan {
  readonly guarantee: SoldOutGuarantee;
  readonly commitEvery: number;
  /** Crash i comes `gaps[i] + 1` processed records after the start or the previous restart. */
  readonly gaps: readonly number[];
  /** Partitions of every topic (default 1). */
  readonly partitions?: number;
  /** With rebalance faults: each app runs as REBALANCE_INSTANCES instances and the group changes so (gaps unused). */
  readonly changes?: readonly MembershipChange[];
}

/** With rebalance faults each app starts as two instances, over two partitions so both own tasks of both sub-topologies. */
const REBALANCE_INSTANCES = 2;
const REBALANCE_PARTITIONS = 2;

function crashPlan(h: SoldOutHistory, guarantee: SoldOutGuarantee): CrashPlan | null {
  if (h.faults.some((f) => f.kind === 'rebalance')) {
    return { guarantee, commitEvery: h.commitEvery ?? 1, gaps: [], partitions: REBALANCE_PARTITIONS, changes: membershipChangesOf(h.faults) };
  }
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
      plan === null
        ? { startTime: T0 }
        : {
            startTime: T0,
            processingGuarantee: plan.guarantee,
            commitEvery: plan.commitEvery,
            partitions: plan.partitions ?? 1,
            ...(plan.changes === undefined ? {} : { instances: REBALANCE_INSTANCES }),
          },
    );
    try {
      if (plan?.changes !== undefined) {
        const topics = { [TOPIC_EVENTS]: driver.createInputTopic<string, Event | Ticket>(TOPIC_EVENTS), [TOPIC_TICKETS]: driver.createInputTopic<string, Event | Ticket>(TOPIC_TICKETS) };
        driveWithMembershipChanges(driver, inputs, (r) => topics[r.topic as keyof typeof topics].pipeInput(r.key, r.value, r.timestamp), plan.changes);
        return driver.createOutputTopic<string, V>(output).readValuesToList().map(read);
      }
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
 * crash or rebalance faults, `options.guarantee` (default exactly_once_v2) picks the processing guarantee and its
 * invariant. With rebalance faults each app runs as two instances over two partitions and the group changes as
 * the faults say (FAULT_KINDS); see checkRebalanced.
 * `brokenExpectation` is for testing the harness: it asserts exactly-once's invariant on at-least-once runs.
 */
export function soldOutSpec(options: JsonValue = { faults: [] }): InvariantSpec<SoldOutHistory> {
  const kinds = faultKindsOption(options);
  const crashes = kinds.includes('crash');
  const rebalances = kinds.includes('rebalance');
  const guarantee = guaranteeOption(options);
  const broken = optionField(options, 'brokenExpectation') === true;
  const base =
    'per event: confirmed tickets never exceed capacity, CONFIRMED before REJECTED, remaining drops by 1 per response; at most one ALMOST_SOLD_OUT then one SOLD_OUT, SOLD_OUT iff requested ≥ capacity (SCENARIOS.md §2.5.3–4)';
  const crashInvariant =
    guarantee === 'exactly_once_v2' || broken
      ? `${base}; across crashes under exactly_once_v2, every event's outputs equal a crash-free run's`
      : 'at_least_once across crashes: every ticket gets a response, CONFIRMED responses never exceed capacity, every alert of a crash-free run appears at least once';
  const rebalanceInvariant = `${base}; as 2 instances over 2 partitions, across clean joins and leaves (either guarantee) every event's outputs equal a single-instance run's${crashes ? `; with a crash among the changes: ${crashInvariant}` : ''}`;
  const invariant = rebalances ? rebalanceInvariant : !crashes ? base : crashInvariant;
  const observe = (h: SoldOutHistory): Observed => {
    const plan = crashPlan(h, broken ? 'at_least_once' : guarantee);
    return runSoldOut(soldOutInputs(h), plan);
  };
  const check = (h: SoldOutHistory, observed: Observed): string | null => {
    const inputs = soldOutInputs(h);
    const plan = crashPlan(h, guarantee);
    if (plan === null) return checkSoldOut(h, inputs, observed);
    // The reference: one instance with the same guarantee, commits and partitions, without crashes or group
    // changes. Under exactly-once a ticket's repartition record is readable only once committed, so whether it
    // finds its event depends on the commit points, not on append order alone: `requested` counts the
    // reference run's responses. A clean handover (Kafka: TaskManager#handleRevocation commits first) loses and
    // repeats nothing, under either guarantee: the strict comparison below.
    const crashFree = runSoldOut(inputs, { guarantee: plan.guarantee, commitEvery: plan.commitEvery, gaps: [], ...(plan.partitions === undefined ? {} : { partitions: plan.partitions }) });
    const crashing = plan.changes === undefined || crashesAnything(h.faults);
    if (guarantee === 'at_least_once' && !broken && crashing) return checkAtLeastOnce(h, crashFree, observed);
    if (plan.changes !== undefined) return checkRebalanced(h, inputs, crashFree, observed, plan.partitions ?? 1, plan.guarantee);
    const requested = new Map<string, number>();
    for (const r of crashFree.responses) requested.set(r.eventid, (requested.get(r.eventid) ?? 0) + 1);
    return checkSoldOutGiven(h, requested, observed) ?? checkExactlyOnce(h, crashFree, observed);
  };
  return {
    name: UTOPIA_SOLD_OUT,
    topology: 'utopia PurchaseEventTicket (U4) + event capacity alerts (U5)',
    invariant,
    options: crashes || rebalances ? { faults: kinds, guarantee, ...(broken ? { brokenExpectation: true } : {}) } : { faults: kinds },
    history: fc.record({
      capacities: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 3 }),
      tickets: fc.array(fc.nat({ max: 2 }), { maxLength: 40 }),
      faults: faultScheduleArb(kinds),
      ...(crashes || rebalances ? { commitEvery: fc.integer({ min: 1, max: 4 }) } : {}),
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
        f.kind === 'rebalance'
          ? { kind: f.kind, move: f.move ?? 'join', instance: f.instance ?? 0, afterProcessedRecords: f.at + 1, guarantee, commitEvery: h.commitEvery ?? 1 }
          : f.kind === 'crash'
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
