/**
 * Determinism of every scenario of SCENARIOS, over whole histories drawn from the scenario's own generator
 * (scenarioHistoryArbitrary: a failure shrinks to fewer records and smaller knobs):
 * (a) the same history, faults and run options twice in one process → the same traceHash, byte-identical outputs;
 * (b) what Kafka fixes whatever the partition count → equal for 1, 3 and 4 partitions: per output topic the
 *     latest value per key (tables) or the multiset of records, partition and offset ignored (streams). Outputs
 *     Kafka lets depend on the order across partitions are projected onto what it does fix, or excluded with
 *     the reason;
 * (c) the same under real interleaving, against the same base: inputs appended in fetch batches (appendBatch
 *     2..16) so that several tasks hold records at once, tasks in a seeded order (shuffle, two interleave seeds).
 *     A task then takes the lowest head timestamp first (Kafka's PartitionGroup) where one record at a time came
 *     in append order, so (c) draws histories in timestamp order (no delay fault) and without stream records
 *     tied with a table record's timestamp; outputs that depend on the race between input topics through a
 *     repartition hop or another query are left out of (c) with the reason;
 * (d) (c) is not vacuous: with appendBatch > 1 and shuffle, the interleave seed does change the trace.
 *
 * With appendBatch 1, as in (b), runScenario drains every processor after each input record, so at most one task
 * has work at a time and the interleave seed changes nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioHistoryArbitrary, type ScenarioHistory, type ScenarioHistoryParams } from '../../src/assertions/arbitraries/index.js';
import { Broker } from '../../src/sim/broker.js';
import { StreamsBuilder } from '../../src/streams/index.js';
import { type AnyScenario, type GeneratedRecord, latestPerKey, ProcessorGroup, type ScenarioContext, type ScenarioOutputRecord } from '../../src/scenarios/common/index.js';
import { runScenario, type RunScenarioOptions, type ScenarioRunResult } from '../../src/scenarios/common/run-scenario.js';
import { SCENARIOS } from '../../src/scenarios/registry.js';
import { stringifyLosslessJson } from '../../src/sql/qtt/lossless-json.js';

/**
 * How (b) and (c) compare one output topic. `project` keeps the part of a value (table) or record (stream) Kafka
 * fixes; a table's `empty` value counts as no value (an app that emits on change may never emit it).
 */
type TopicCheck =
  | { readonly table: true; readonly project?: (value: unknown) => unknown; readonly why?: string; readonly empty?: unknown }
  | { readonly stream: true; readonly project?: (r: ScenarioOutputRecord) => unknown; readonly why?: string }
  | { readonly excluded: string };

const TABLE: TopicCheck = { table: true };
const STREAM: TopicCheck = { stream: true };

/** Scenario options as the plans see them: any knob, each scenario's schema checks them at generation. */
type Options = { readonly seed: number } & Readonly<Record<string, unknown>>;

interface ScenarioPlan {
  /** The history's size knobs (kept small: a run takes tens of ms). */
  readonly history: ScenarioHistoryParams<Options, GeneratedRecord>;
  readonly topics: Readonly<Record<string, TopicCheck>>;
  /** Topics (c) leaves out, each with why Kafka does not fix them under concurrent tasks. */
  readonly interleaving?: Readonly<Record<string, string>>;
  /** Set when (c) and (d) do not apply to this scenario: why. */
  readonly notInterleaved?: string;
}

/** The common §0.4 faults, none or some: drawn for (a) and (b) alike. */
const FAULTS = fc.constantFrom({}, { duplicate: { p: 0.1 } }, { delay: { p: 0.2, maxMs: 5000 }, duplicate: { p: 0.1 }, drop: { p: 0.05 } });
/**
 * (c)'s faults: no delay. A delayed record is out of timestamp order, and a task with it and another buffered takes
 * the lower timestamp first (Kafka's PartitionGroup), while one record at a time it comes in append order: e.g. a
 * purchase before a delayed customer row is enriched or not (KStream-KTable join). Kafka fixes neither.
 */
const IN_ORDER_FAULTS = fc.constantFrom({}, { duplicate: { p: 0.1 } }, { duplicate: { p: 0.1 }, drop: { p: 0.05 } });
const sized = (min: number, max: number): ScenarioHistoryParams<Options, GeneratedRecord> => ({ events: fc.integer({ min, max }), knobs: { faults: FAULTS } });
/** U1/U2: the top-N counts, not which of the tied ids comes first. */
const countsOnly = (value: unknown) => (value as [string, number][]).map(([, count]) => count);
const field = (name: string) => (value: unknown) => (value as Record<string, unknown>)[name];
const COUNTER_TIES = 'a stable counter map ranks tied ids by who reached the count first, i.e. by arrival order across partitions';

const PLANS: Readonly<Record<string, ScenarioPlan>> = {
  bookstore: {
    history: sized(60, 180),
    topics: {
      PAGEVIEWS_CATEGORIES: TABLE, // windowed, grace 24 h: no window closes during a run
      PURCHASE_ENRICHED: STREAM,
      PURCHASE_COUNT_BY_CITY_PER_30MIN: TABLE,
      BIG_PURCHASE: STREAM,
      VIEWS_PER_BOOK: TABLE,
      PAYMENT2: STREAM,
      TOTAL_PAYMENTS_BY_5SEC: TABLE,
      AVG_PURCHASE_BY_COUNTRY: TABLE,
      'top5-books-by-revenue': TABLE, // ties by bookId, so the final list is order-free
      // a set of purchases, ordered by (timestamp, purchaseId); a payment taken before its purchase (same timestamp,
      // two topics) settles it silently, so "no value" and "{0, []}" are the same final answer
      'outstanding-amount': { table: true, empty: { amountOutstanding: 0, outstandingPaymentPurchases: [] } },
      'shipping-times': TABLE,
    },
  },
  utopia: {
    history: sized(60, 200),
    topics: {
      'kafka-workshop-top-10-stream-count': { table: true, project: countsOnly, why: COUNTER_TIES },
      'kafka-workshop-top-3-artists': { table: true, project: countsOnly, why: COUNTER_TIES },
      'kafka-workshop-customers-by-top-artist': { excluded: `a customer's top artist among tied ones is the first to reach the count (${COUNTER_TIES})` },
      // confirmationId = eventid:requested, so which ticket gets which number (and status) depends on arrival order
      'kafka-workshop-ticket-response': { stream: true, project: (r: ScenarioOutputRecord) => [r.key, field('confirmationStatus')(r.value), field('confirmationId')(r.value)] },
      // each threshold is crossed once whatever the order; the alert carries the crossing ticket's timestamp
      'kafka-workshop-event-capacity-alerts': { stream: true, project: (r: ScenarioOutputRecord) => [r.key, r.value] },
      'kafka-workshop-artist-event-alerts': { excluded: "alerts the artist's top 3 streamers at the moment the event arrives: streams vs event order across partitions" },
      'kafka-workshop-must-see-venue-events': { table: true, project: field('eventCount'), why: COUNTER_TIES },
      'kafka-workshop-must-see-venue-customers': { table: true, project: field('customerCount'), why: COUNTER_TIES },
      'kafka-workshop-suggested-events-genre': { excluded: "a customer's top genre (ties) and the genre's list at the moment an event arrives depend on the order across partitions" },
      'kafka-workshop-global-totals': TABLE,
      'kafka-workshop-tickets-by-zipcode': TABLE,
      'kafka-workshop-zipcode-popular-event-alerts': { excluded: 'carries buyerCustomerid, the ticket that made the event popular in the zip: whichever arrives at that count' },
    },
    interleaving: {
      'kafka-workshop-tickets-by-zipcode': "a ticket counts iff its customer's RESID address reached location-by-customer first; the address takes one more repartition hop (address-owners), so that is the tasks' interleaving",
    },
  },
  tfl: {
    // the station catalog is 64 zone-1 rows with no other stations; the barrier loop is sized by riders and duration
    history: { events: null, knobs: { otherStations: 0, users: fc.integer({ min: 5, max: 80 }), durationMs: fc.integer({ min: 1000, max: 40_000 }), searchIndex: fc.boolean(), faults: FAULTS } },
    topics: {
      station_entries: STREAM,
      station_exits: STREAM,
      BARRIER_EVENTS: STREAM,
      STATION_OCCUPANCY: TABLE,
      NETWORK_OCCUPANCY: TABLE,
      BARRIER_INPUT_COUNTS: TABLE,
      'search-index-stats': TABLE,
    },
  },
  customers: {
    history: { ...sized(30, 200), knobs: { faults: FAULTS, update: fc.constantFrom({ p: 0 }, { p: 0.3 }) } },
    // the three streams have null keys: a multiset (latest per key would be "the last row of the last partition")
    topics: { jovens: STREAM, idadeclass: STREAM, idadecont: TABLE, C1: STREAM },
  },
  pizza: {
    // no outage or statusReorder: at an outage's end the services drain their backlog in read order across partitions
    history: sized(20, 120),
    topics: {
      'pizza-assembled': STREAM,
      'pizza-baked': STREAM,
      'pizza-delivered': STREAM,
      'pizza-pending': STREAM,
      'pizza-status': STREAM,
      'pizza-orders-view': TABLE,
    },
    // the single-threaded services read a batch's orders at its flush, partition by partition (a consumer leaves
    // the order across partitions open): a backlog, as after an outage. And the status SQL reads what the services
    // write one record per event, running after each: no two tasks hold records at once, the seed changes nothing
    notInterleaved: 'a batch is a service backlog read in partition order (see the outage note above)',
  },
  'pizza-abc': {
    history: sized(60, 250),
    topics: {
      INVENTORY: TABLE,
      // STOCK_LEVEL comes from the INVENTORY row the transaction met: transaction vs inventory update order
      PRODUCT_TXN_PER_HOUR: { table: true, project: (v: unknown) => [field('TXN_PER_HOUR')(v), field('EXPECTED_TXN_PER_HOUR')(v)] },
      ABC_PROMOTIONS: { excluded: 'filters on STOCK_LEVEL > 80, the stock the transaction met (transaction vs inventory update order)' },
    },
    interleaving: {
      PRODUCT_TXN_PER_HOUR: 'ksqlDB repartitions T by PROD_ID: a transaction meets its product iff the INVENTORY query wrote the row before the repartitioned transaction reached the join (unmatched: null NAME key, dropped)',
    },
  },
};

type History = ScenarioHistory<Options, GeneratedRecord>;

function run(scenario: AnyScenario, h: History, options: RunScenarioOptions<unknown> = {}): ScenarioRunResult {
  return runScenario(scenario, { ...options, seed: h.options.seed, options: h.options, input: h.records });
}

const text = (v: unknown): string => stringifyLosslessJson(v);

/** Every output record with its place and headers, as text: equal texts, byte-identical outputs. */
function outputBytes(result: ScenarioRunResult): string {
  const header = (value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value);
  return [...result.outputs]
    .map(([topic, rs]) => `${topic}\n${rs.map((r) => text([r.partition, r.offset, r.timestamp, r.key, r.value, r.headers.map((h) => [h.key, header(h.value)])])).join('\n')}`)
    .join('\n');
}

/** What (b) compares for one topic, order-free: sorted texts. */
function view(check: TopicCheck, records: readonly ScenarioOutputRecord[]): string[] {
  if ('excluded' in check) return [];
  if ('table' in check) {
    const latest = check.empty === undefined ? latestPerKey(records) : latestPerKey(records).filter((r) => text(r.value) !== text(check.empty));
    return latest.map((r) => text([r.key, check.project === undefined ? r.value : check.project(r.value)])).sort();
  }
  return records.map((r) => text(check.project === undefined ? [r.key, r.value, r.timestamp] : check.project(r))).sort();
}

/** Partition counts (b) compares against one partition, appendBatch 1, task order. */
const PARTITION_VARIANTS: readonly [string, RunScenarioOptions<unknown>][] = [
  ['3 partitions', { partitions: 3 }],
  ['4 partitions', { partitions: 4 }],
];

/** Batched and shuffled runs (c) compares against the base (appendBatch `batch`, drawn 2..16). */
const interleavedVariants = (batch: number): [string, RunScenarioOptions<unknown>][] => [
  [`1 partition, append batch ${batch}`, { appendBatch: batch }],
  [`3 partitions, append batch ${batch}, shuffle seed 11`, { partitions: 3, appendBatch: batch, shuffle: true, interleaveSeed: 11 }],
  [`4 partitions, append batch ${batch}, shuffle seed 12`, { partitions: 4, appendBatch: batch, shuffle: true, interleaveSeed: 12 }],
];

/** Compares every checked topic of `other` with `base`; returns how many values were compared. */
function compareOutputs(topics: Readonly<Record<string, TopicCheck>>, base: ScenarioRunResult, other: ScenarioRunResult, label: string): number {
  let compared = 0;
  for (const [topic, check] of Object.entries(topics)) {
    const expected = view(check, base.outputs.get(topic) ?? []);
    expect(view(check, other.outputs.get(topic) ?? []), `${topic}, ${label}`).toEqual(expected);
    compared += expected.length;
  }
  return compared;
}

/** The plan's topics minus those (c) leaves out. */
function interleavedTopics(plan: ScenarioPlan): Record<string, TopicCheck> {
  return Object.fromEntries(Object.entries(plan.topics).filter(([topic]) => plan.interleaving?.[topic] === undefined));
}

/**
 * The history without its stream records at the timestamp of a table record: a task holding both takes either first
 * (Kafka's PartitionGroup leaves head-timestamp ties to fetch order), so a join may or may not see the row.
 */
function untied(scenario: AnyScenario, h: History): History {
  const tables = new Set(scenario.inputTopics.filter((t) => t.kind === 'table').map((t) => t.name));
  const tableTimes = new Set(h.records.filter((r) => tables.has(r.topic)).map((r) => r.timestamp));
  return { ...h, records: h.records.filter((r) => tables.has(r.topic) || !tableTimes.has(r.timestamp)) };
}

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: determinism (fast-check, fixed seed)', (name, scenario) => {
  const plan = PLANS[name]!;
  const histories = scenarioHistoryArbitrary(scenario, plan.history);
  const inOrder = scenarioHistoryArbitrary(scenario, { ...plan.history, knobs: { ...plan.history.knobs, faults: IN_ORDER_FAULTS } });

  it('the plan classifies every output topic, with a reason for each exclusion', () => {
    expect(Object.keys(plan.topics).sort()).toEqual([...scenario.outputTopics].sort());
    for (const check of Object.values(plan.topics)) if ('excluded' in check) expect(check.excluded.length).toBeGreaterThan(20);
    for (const [topic, why] of Object.entries(plan.interleaving ?? {})) {
      expect(plan.topics[topic], topic).toBeDefined();
      expect(why.length).toBeGreaterThan(20);
    }
  });

  it('(a) the same history, faults and run options twice: the same traceHash and byte-identical outputs', () => {
    const runOptions = fc.record({ partitions: fc.constantFrom(1, 3), shuffle: fc.boolean(), interleaveSeed: fc.nat(1000), appendBatch: fc.integer({ min: 1, max: 16 }) });
    fc.assert(
      fc.property(histories, runOptions, (h, options) => {
        const first = run(scenario, h, options);
        const second = run(scenario, h, options);
        expect(second.traceHash).toBe(first.traceHash);
        expect(outputBytes(second)).toBe(outputBytes(first));
        expect(first.inputs).toBe(h.records.length);
      }),
      { seed: 5, numRuns: 2 },
    );
  });

  it('(b) final keyed results and stream multisets do not depend on the partition count (1, 3, 4)', () => {
    let compared = 0;
    fc.assert(
      fc.property(histories, (h) => {
        const base = run(scenario, h);
        for (const [label, options] of PARTITION_VARIANTS) compared += compareOutputs(plan.topics, base, run(scenario, h, options), label);
      }),
      { seed: 7, numRuns: 3 },
    );
    expect(compared).toBeGreaterThan(0); // the drawn histories produce outputs to compare
  });

  it.skipIf(plan.notInterleaved !== undefined)('(c) nor on fetch batches and the interleaving of tasks (appendBatch 2..16, shuffle seeds 11 and 12)', () => {
    const topics = interleavedTopics(plan);
    let compared = 0;
    fc.assert(
      fc.property(inOrder, fc.integer({ min: 2, max: 16 }), (drawn, batch) => {
        const h = untied(scenario, drawn);
        const base = run(scenario, h);
        for (const [label, options] of interleavedVariants(batch)) compared += compareOutputs(topics, base, run(scenario, h, options), label);
      }),
      { seed: 9, numRuns: 3 },
    );
    expect(compared).toBeGreaterThan(0);
  });

  it.skipIf(plan.notInterleaved !== undefined)('(d) with appendBatch 8 and shuffle, the interleave seed changes the trace (so (c) compares different runs)', () => {
    const [h] = fc.sample(inOrder, { seed: 13, numRuns: 1 });
    const hashes = new Set([11, 12, 13].map((seed) => run(scenario, untied(scenario, h!), { partitions: 3, appendBatch: 8, shuffle: true, interleaveSeed: seed }).traceHash));
    expect(hashes.size).toBeGreaterThan(1);
  });
});

describe('run options reach every runtime a scenario starts', () => {
  const options = { shuffle: true, interleaveSeed: 9, processingGuarantee: 'exactly_once_v2' } as const;

  it('runScenario puts shuffle, interleaveSeed and processingGuarantee in the context; without them it leaves them out', () => {
    const seen: ScenarioContext<unknown>[] = [];
    const bookstore = SCENARIOS.find((s) => s.name === 'bookstore')!;
    const spy: AnyScenario = { ...bookstore, start: (ctx) => (seen.push(ctx), bookstore.start(ctx)) };
    runScenario(spy, { seed: 4, options: bookstore.sizeFor(10), ...options });
    runScenario(spy, { seed: 4, options: bookstore.sizeFor(10) });
    expect(seen[0]).toMatchObject({ seed: 4, ...options });
    expect(['shuffle', 'interleaveSeed', 'processingGuarantee'].filter((k) => k in seen[1]!)).toEqual([]);
  });

  it('ProcessorGroup gives them to each DSL runtime and each SQL query (the interleaving seed as the runtime seed)', () => {
    const broker = new Broker();
    broker.createTopic('in', { partitions: 2 });
    const group = new ProcessorGroup(broker, 3, options);
    const builder = new StreamsBuilder();
    builder.stream('in').to('out');
    const app = group.addTopology('app', builder);
    const engine = group.addSqlEngine();
    engine.execute("CREATE STREAM s (k STRING KEY, v INT) WITH (kafka_topic='in', value_format='JSON'); CREATE STREAM t AS SELECT * FROM s;");
    for (const runtime of [app, engine.queries[0]!.runtime]) {
      expect(runtime.config).toMatchObject({ seed: 9, shuffle: true, processingGuarantee: 'exactly_once_v2' });
      expect(runtime.processingGuarantee).toBe('exactly_once_v2');
    }
    group.close();
  });

  it('ProcessorGroup without them: the run seed, task order, at_least_once (as before)', () => {
    const broker = new Broker();
    broker.createTopic('in', { partitions: 2 });
    const group = new ProcessorGroup(broker, 3);
    const builder = new StreamsBuilder();
    builder.stream('in').to('out');
    const app = group.addTopology('app', builder);
    expect(app.config.seed).toBe(3);
    expect(app.config.shuffle).toBeUndefined();
    expect(app.processingGuarantee).toBe('at_least_once');
    group.close();
  });
});
