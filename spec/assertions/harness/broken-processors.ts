import fc from 'fast-check';
import type { InvariantSpec, JsonValue } from '../../../src/assertions/harness/index.js';
import type { Processor, ProcessorContext } from '../../../src/sim/processor.js';
import type { KeyValueStore } from '../../../src/sim/stores/key-value-store.js';
import { Stores } from '../../../src/sim/stores/stores.js';
import { StreamsBuilder, TestDriver, TimeWindows, type Windowed } from '../../../src/index.js';

/**
 * Two processors with a planted bug each, the correct DSL operators they imitate, and invariant specs over
 * them, for the harness's self-test. The histories are deliberately small and their arbitraries simple.
 */

export const WINDOW_SIZE = 10;
export const GRACE = 5;

/** One click: a key and an event time, appended in list order. */
export interface Click {
  readonly key: string;
  readonly ts: number;
}

const clicksArb: fc.Arbitrary<Click[]> = fc.array(
  fc.record({ key: fc.constantFrom('a', 'b', 'c'), ts: fc.integer({ min: 0, max: 40 }) }),
  { minLength: 1, maxLength: 10 },
);

/** The DSL's tumbling count: Kafka drops a record once stream time ≥ window end + grace. */
function correctWindowCount(builder: StreamsBuilder): void {
  builder.stream<string, string>('clicks').groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(WINDOW_SIZE, GRACE)).count().toStream().to('counts');
}

/** A hand-written count whose grace is off by one: it still accepts a record when stream time = end + grace. */
function brokenWindowCount(builder: StreamsBuilder): void {
  builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore('broken-counts')));
  builder
    .stream<string, string>('clicks')
    .process((): Processor<string, string, Windowed<string>, number> => {
      let ctx!: ProcessorContext<Windowed<string>, number>;
      let store!: KeyValueStore<string, number>;
      let streamTime = Number.NEGATIVE_INFINITY;
      return {
        init(c) {
          ctx = c;
          store = c.getStateStore('broken-counts');
        },
        process(r) {
          streamTime = Math.max(streamTime, r.timestamp);
          const start = Math.floor(r.timestamp / WINDOW_SIZE) * WINDOW_SIZE;
          const end = start + WINDOW_SIZE;
          if (end + GRACE < streamTime) return; // the bug: should be `<=`
          const id = `${r.key}@${start}`;
          const count = (store.get(id) ?? 0) + 1;
          store.put(id, count);
          ctx.forward({ key: { key: r.key, window: { start, end } }, value: count, timestamp: r.timestamp, headers: [] });
        },
      };
    }, 'broken-counts')
    .to('counts');
}

/** Pipes the clicks (key = click key, ts = event time) and returns every count emitted, as JSON. */
function runWindowCount(topology: (b: StreamsBuilder) => void, clicks: readonly Click[]): JsonValue {
  const builder = new StreamsBuilder();
  topology(builder);
  const driver = new TestDriver(builder);
  try {
    const input = driver.createInputTopic<string, string>('clicks');
    for (const c of clicks) input.pipeInput(c.key, 'click', c.ts);
    return driver
      .createOutputTopic<Windowed<string>, number>('counts')
      .readKeyValuesToList()
      .map((kv) => ({ key: kv.key.key, start: kv.key.window.start, count: Number(kv.value) }));
  } finally {
    driver.close();
  }
}

/** Brute force: per key and window, the clicks not dropped as late (stream time < end + grace on arrival). */
function expectedWindowCounts(clicks: readonly Click[]): Map<string, number> {
  const counts = new Map<string, number>();
  let streamTime = Number.NEGATIVE_INFINITY;
  for (const c of clicks) {
    streamTime = Math.max(streamTime, c.ts);
    const start = Math.floor(c.ts / WINDOW_SIZE) * WINDOW_SIZE;
    if (start + WINDOW_SIZE + GRACE <= streamTime) continue;
    const id = `${c.key}@[${start},${start + WINDOW_SIZE})`;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function checkWindowCounts(clicks: readonly Click[], observed: JsonValue): string | null {
  const expected = expectedWindowCounts(clicks);
  const last = new Map<string, number>();
  for (const o of observed as readonly { key: string; start: number; count: number }[]) last.set(`${o.key}@[${o.start},${o.start + WINDOW_SIZE})`, o.count);
  for (const [id, count] of last) {
    if (!expected.has(id)) return `window ${id} counted ${count} although every record of it was late`;
    if (expected.get(id) !== count) return `window ${id}: final count ${count}, expected ${expected.get(id)}`;
  }
  for (const [id, count] of expected) if (!last.has(id)) return `window ${id}: no count emitted, expected ${count}`;
  return null;
}

export function windowCountSpec(name: string, broken: boolean): InvariantSpec<Click[]> {
  const topology = broken ? brokenWindowCount : correctWindowCount;
  return {
    name,
    topology: broken ? 'broken-window-count (grace off by one)' : 'groupByKey().windowedBy(TimeWindows.ofSizeAndGrace(10, 5)).count()',
    invariant: 'per key and window, the last count = the clicks in [start, end) not dropped as late (stream time >= end + grace)',
    options: null,
    history: clicksArb,
    run: (clicks) => runWindowCount(topology, clicks),
    check: checkWindowCounts,
    encode: (clicks) => clicks.map((c) => ({ key: c.key, ts: c.ts })),
    decode: (json) => (json as unknown as readonly Click[]).map((c) => ({ key: c.key, ts: c.ts })),
  };
}

/** One record of the join history: a stream record (`L`) or a table update (`R`), appended in list order. */
export interface JoinInput {
  readonly side: 'L' | 'R';
  readonly key: string;
  readonly value: number;
}

const joinArb: fc.Arbitrary<JoinInput[]> = fc.array(
  fc.record({ side: fc.constantFrom<'L' | 'R'>('R', 'L'), key: fc.constantFrom('a', 'b', 'c'), value: fc.integer({ min: 0, max: 9 }) }),
  { minLength: 1, maxLength: 10 },
);

interface Joined {
  readonly left: number;
  readonly right: number | null;
}

/** The stream–table left join, or (broken) an inner join: it forgets the left record when the table misses. */
function joinTopology(broken: boolean): (b: StreamsBuilder) => void {
  return (builder) => {
    const table = builder.table<string, number>('right');
    const stream = builder.stream<string, number>('left');
    const joiner = (left: number, right: number | null): Joined => ({ left, right });
    (broken ? stream.join(table, joiner) : stream.leftJoin(table, joiner)).to('joined');
  };
}

function runJoin(broken: boolean, inputs: readonly JoinInput[]): JsonValue {
  const builder = new StreamsBuilder();
  joinTopology(broken)(builder);
  const driver = new TestDriver(builder);
  try {
    const left = driver.createInputTopic<string, number>('left');
    const right = driver.createInputTopic<string, number>('right');
    inputs.forEach((r, i) => (r.side === 'L' ? left : right).pipeInput(r.key, r.value, i));
    return driver
      .createOutputTopic<string, Joined>('joined')
      .readKeyValuesToList()
      .map((kv) => ({ key: kv.key, left: kv.value.left, right: kv.value.right }));
  } finally {
    driver.close();
  }
}

/** Reference: every stream record joins the table as it stands when the record arrives, or null. */
function checkJoin(inputs: readonly JoinInput[], observed: JsonValue): string | null {
  const table = new Map<string, number>();
  const expected: { key: string; left: number; right: number | null }[] = [];
  for (const r of inputs) {
    if (r.side === 'R') table.set(r.key, r.value);
    else expected.push({ key: r.key, left: r.value, right: table.get(r.key) ?? null });
  }
  const got = observed as readonly { key: string; left: number; right: number | null }[];
  for (let i = 0; i < Math.max(expected.length, got.length); i++) {
    const e = expected[i];
    const o = got[i];
    if (e === undefined) return `output ${i + 1} (${JSON.stringify(o)}) was not expected`;
    if (o === undefined) return `output ${i + 1} missing: expected ${JSON.stringify(e)}`;
    if (JSON.stringify(e) !== JSON.stringify(o)) return `output ${i + 1}: expected ${JSON.stringify(e)}, got ${JSON.stringify(o)}`;
  }
  return null;
}

export function leftJoinSpec(name: string, broken: boolean): InvariantSpec<JoinInput[]> {
  return {
    name,
    topology: broken ? 'stream.join(table) posing as a left join' : 'stream.leftJoin(table)',
    invariant: 'every stream record gives one output, joined to the table value for its key at arrival or to null',
    options: null,
    history: joinArb,
    run: (inputs) => runJoin(broken, inputs),
    check: checkJoin,
    encode: (inputs) => inputs.map((r) => ({ side: r.side, key: r.key, value: r.value })),
    decode: (json) => (json as unknown as readonly JoinInput[]).map((r) => ({ side: r.side, key: r.key, value: r.value })),
  };
}
