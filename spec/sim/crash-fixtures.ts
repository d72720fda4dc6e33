/**
 * Topologies and a crash scenario shared by crash-restart.spec.ts and exactly-once.spec.ts: pipe records one at
 * a time, commit after the marked ones, optionally crash after the first `crashAt` records and restart, then pipe
 * the rest. Nothing here computes an expected value: the specs write their references themselves.
 */
import fc from 'fast-check';
import { Materialized, StreamsBuilder, TimeWindows, type Windowed } from '../../src/index.js';
import { TestDriver, type TestDriverOptions } from '../../src/sim/driver/test-driver.js';

export interface Input {
  readonly topic: string;
  readonly key: string;
  readonly value: string;
  readonly timestamp: number;
}

/** groupByKey().count(): one task per partition, one input queue per task. Store `counts`. */
export function countByKey(): StreamsBuilder {
  const b = new StreamsBuilder();
  b.stream<string, string>('input').groupByKey().count(Materialized.as('counts')).toStream().to('out');
  return b;
}

/** groupBy(value).count(): a repartition topic between two sub-topologies. Store `counts`. */
export function countByValue(): StreamsBuilder {
  const b = new StreamsBuilder();
  b.stream<string, string>('input')
    .groupBy((_k, v) => v)
    .count(Materialized.as('counts'))
    .toStream()
    .to('out');
  return b;
}

/** Tumbling 10 ms windows with a grace (1000 ms) longer than any input's time span: nothing is late. Store `wcounts`. */
export function windowedCount(): StreamsBuilder {
  const b = new StreamsBuilder();
  b.stream<string, string>('input')
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(10, 1000))
    .count(Materialized.as('wcounts'))
    .toStream()
    .to('out');
  return b;
}

/** stream `input` joined with table `table` (store `tstore`), written to `out`. */
export function streamTableJoin(): StreamsBuilder {
  const b = new StreamsBuilder();
  const table = b.table<string, string>('table', {}, Materialized.as('tstore'));
  b.stream<string, string>('input')
    .join(table, (s: string, t: string | null) => `${s}+${t}`)
    .to('out');
  return b;
}

/** A stateless mapValues: at-least-once shows its duplicates without any state. */
export function upperCase(): StreamsBuilder {
  const b = new StreamsBuilder();
  b.stream<string, string>('input')
    .mapValues((v: string) => v.toUpperCase())
    .to('out');
  return b;
}

export interface Run {
  readonly driver: TestDriver;
  /** Output records as [key, value, timestamp] per partition of `out`, in offset order. */
  readonly outByPartition: unknown[][][];
}

/**
 * Pipes `inputs` one by one; commits after input i when `commitAfter[i]`; when `crashAt` is set, crashes after
 * the first `crashAt` inputs and restarts; at the end commits until nothing is pending.
 */
export function runWithCrash(
  topology: () => StreamsBuilder,
  inputs: readonly Input[],
  commitAfter: readonly boolean[],
  crashAt: number | undefined,
  options: TestDriverOptions,
): Run {
  const driver = new TestDriver(topology(), { commitEvery: Infinity, ...options });
  const topics = new Map<string, ReturnType<TestDriver['createInputTopic']>>();
  const topic = (name: string) => {
    let t = topics.get(name);
    if (t === undefined) topics.set(name, (t = driver.createInputTopic(name)));
    return t;
  };
  for (let i = 0; i <= inputs.length; i++) {
    if (i === crashAt) driver.crashAndRestart();
    const r = inputs[i];
    if (r === undefined) break;
    topic(r.topic).pipeInput(r.key, r.value, r.timestamp);
    if (commitAfter[i] === true) driver.commit();
  }
  // Under exactly-once, what a commit makes readable downstream is committed by the next one.
  do driver.commit();
  while (driver.runtime.pendingRecords > 0);
  const out = driver.broker.describeTopic('out').partitions.map((p) =>
    driver.broker.fetch('out', p.partition, 0).map((r) => [r.key, r.value, r.timestamp]),
  );
  return { driver, outByPartition: out };
}

/** Key-value store contents as [key, value] pairs, for comparing two runs. */
export function kvContents(driver: TestDriver, store: string): unknown[] {
  return driver
    .getKeyValueStore(store)
    .all()
    .map((kv) => [kv.key, kv.value]);
}

/** Window store contents as [key, start, value]. */
export function windowContents(driver: TestDriver, store: string): unknown[] {
  return driver
    .getWindowStore<string, number>(store)
    .all()
    .map((kv) => {
      const w = kv.key as Windowed<string>;
      return [w.key, w.window.start, kv.value];
    });
}

export const keyArb = fc.constantFrom('a', 'b', 'c', 'd', 'e');
export const valueArb = fc.constantFrom('x', 'y', 'z');

/** Inputs for a one-topic topology, with timestamps in [0, 200) in any order. */
export const singleTopicInputs = fc.array(
  fc.record({ topic: fc.constant('input'), key: keyArb, value: valueArb, timestamp: fc.integer({ min: 0, max: 199 }) }),
  { minLength: 1, maxLength: 25 },
);

/**
 * Inputs for the stream-table join, with strictly increasing timestamps, so that a task choosing among its
 * two input queues by head timestamp (Kafka's PartitionGroup) processes redelivered records in piping order.
 */
export const joinInputs = fc
  .array(fc.record({ topic: fc.constantFrom('input', 'table'), key: keyArb, value: valueArb, gap: fc.integer({ min: 1, max: 5 }) }), {
    minLength: 1,
    maxLength: 25,
  })
  .map((rs) => {
    let ts = 0;
    return rs.map((r): Input => ({ topic: r.topic, key: r.key, value: r.value, timestamp: (ts += r.gap) }));
  });

/** A crash scenario over n inputs: commit marks and a crash point in [0, n]. */
export function crashPlan(n: number) {
  return fc.record({
    commitAfter: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    crashAt: fc.integer({ min: 0, max: n }),
    partitions: fc.constantFrom(1, 2, 3),
  });
}
