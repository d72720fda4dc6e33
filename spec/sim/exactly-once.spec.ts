import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TestDriver } from '../../src/sim/driver/test-driver.js';
import {
  countByKey,
  countByValue,
  crashPlan,
  joinInputs,
  kvContents,
  runWithCrash,
  singleTopicInputs,
  streamTableJoin,
  windowContents,
  windowedCount,
  type Input,
} from './crash-fixtures.js';

const EOS = { processingGuarantee: 'exactly_once_v2' } as const;

describe('processing.guarantee=exactly_once_v2: outputs, changelogs and offsets commit atomically (KIP-129, KIP-447)', () => {
  it('a read_committed reader sees a task’s output only after the commit; a crash aborts what was not committed', () => {
    const driver = new TestDriver(countByKey(), { ...EOS, commitEvery: Infinity });
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('a', 'x', 1);
    expect(out.readValuesToList()).toEqual([]);
    expect(driver.runtime.pendingRecords).toBe(2); // the output and the changelog write
    driver.commit();
    expect(out.readValuesToList()).toEqual([1]);
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 1 }]);
    input.pipeInput('a', 'x', 2);
    input.pipeInput('a', 'x', 3);
    expect(out.readValuesToList()).toEqual([]);
    driver.crash();
    expect(driver.runtime.abortedRecords).toBe(4);
    // Nothing of the aborted transaction reached the logs: the changelog holds the committed count only.
    expect(driver.broker.fetch('streamsim-test-counts-changelog', 0, 0)).toHaveLength(1);
    driver.restart();
    // Restored from the changelog (a = 1), offsets 1 and 2 redelivered: 2 and 3 again, this time committed.
    driver.commit();
    expect(out.readValuesToList()).toEqual([2, 3]);
    expect(driver.getKeyValueStore<string, number>('counts').get('a')).toBe(3);
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 3 }]);
  });

  it('records written to a repartition topic are readable downstream only after the transaction commits', () => {
    const driver = new TestDriver(countByValue(), { ...EOS, commitEvery: Infinity });
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('k1', 'x', 1);
    expect(driver.broker.logEndOffset('streamsim-test-counts-repartition', 0)).toBe(0);
    driver.commit(); // the repartition record becomes readable; the downstream task counts it in a new transaction
    expect(out.readKeyValuesToList()).toEqual([]);
    driver.commit();
    expect(out.readKeyValuesToList()).toEqual([{ key: 'x', value: 1 }]);
  });

  it('crashAfter(n) in the middle of a batch aborts everything since the last commit', () => {
    const driver = new TestDriver(countByKey(), EOS);
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    driver.crashAfter(3);
    input.pipeKeyValueList(['x', 'x', 'x', 'x', 'x'].map((value) => ({ key: 'a', value })), 0, 1);
    expect(driver.isCrashed()).toBe(true);
    expect(out.readValuesToList()).toEqual([]);
    driver.restart();
    expect(out.readValuesToList()).toEqual([1, 2, 3, 4, 5]);
    expect(driver.getKeyValueStore<string, number>('counts').get('a')).toBe(5);
  });

  it('with the default commit policy (commit when idle) every pipe is committed, repartitioned records included', () => {
    const driver = new TestDriver(countByValue(), EOS);
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('k1', 'x', 1);
    input.pipeInput('k2', 'x', 2);
    expect(out.readKeyValuesToList()).toEqual([
      { key: 'x', value: 1 },
      { key: 'x', value: 2 },
    ]);
    expect(driver.runtime.pendingRecords).toBe(0);
  });

  it('commit.interval.ms defaults to 100 ms under exactly-once (StreamsConfig EOS_DEFAULT_COMMIT_INTERVAL_MS)', () => {
    const driver = new TestDriver(countByKey(), { ...EOS, cacheMaxBytes: 1 << 20 });
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('a', 'x', 1);
    input.pipeInput('a', 'x', 2);
    driver.advanceWallClockTime(99);
    expect(out.readValuesToList()).toEqual([]);
    driver.advanceWallClockTime(1);
    expect(out.readValuesToList()).toEqual([2]); // the cache de-duplicated the two updates of a
  });

  const eosEqualsCrashFree = (topology: () => ReturnType<typeof countByKey>, store: (d: TestDriver) => unknown) =>
    fc.property(
      singleTopicInputs.chain((inputs) => fc.tuple(fc.constant(inputs), crashPlan(inputs.length))),
      ([inputs, plan]) => {
        const options = { ...EOS, partitions: plan.partitions };
        const clean = runWithCrash(topology, inputs, plan.commitAfter, undefined, options);
        const crashed = runWithCrash(topology, inputs, plan.commitAfter, plan.crashAt, options);
        // Per key, not per partition: a windowed key can land on a partition other tasks write too, and EOS
        // promises each output once, not the same interleaving of different tasks' outputs.
        expect(perKeyRecords(crashed.outByPartition)).toEqual(perKeyRecords(clean.outByPartition));
        expect(store(crashed.driver)).toEqual(store(clean.driver));
      },
    );

  it('property: counts after a crash at any point equal the crash-free run’s, output by output', () => {
    fc.assert(eosEqualsCrashFree(countByKey, (d) => kvContents(d, 'counts')), { numRuns: 40 });
  });

  it('property: windowed counts after a crash equal the crash-free run’s, store included', () => {
    fc.assert(eosEqualsCrashFree(windowedCount, (d) => windowContents(d, 'wcounts')), { numRuns: 40 });
  });

  it('property: a stream-table join after a crash equals the crash-free run and a reference join', () => {
    fc.assert(
      fc.property(
        joinInputs.chain((inputs) => fc.tuple(fc.constant(inputs), crashPlan(inputs.length))),
        ([inputs, plan]) => {
          const options = { ...EOS, partitions: plan.partitions };
          const clean = runWithCrash(streamTableJoin, inputs, plan.commitAfter, undefined, options);
          const crashed = runWithCrash(streamTableJoin, inputs, plan.commitAfter, plan.crashAt, options);
          expect(perKeyRecords(crashed.outByPartition)).toEqual(perKeyRecords(clean.outByPartition));
          expect(kvContents(crashed.driver, 'tstore')).toEqual(kvContents(clean.driver, 'tstore'));
          // Reference: each stream record joins the table value last piped for its key, once.
          const table = new Map<string, string>();
          const expected: unknown[] = [];
          for (const r of inputs) {
            if (r.topic === 'table') table.set(r.key, r.value);
            else if (table.has(r.key)) expected.push([r.key, `${r.value}+${table.get(r.key)}`, r.timestamp]);
          }
          const byTime = (a: unknown[], b: unknown[]) => (a[2] as number) - (b[2] as number);
          expect(crashed.outByPartition.flat().sort(byTime)).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('property: a crash after any number of processed records of a batch, repartitioned ones included, changes no count', () => {
    fc.assert(
      fc.property(
        singleTopicInputs.chain((inputs) =>
          fc.tuple(fc.constant(inputs), fc.integer({ min: 1, max: 2 * inputs.length }), fc.constantFrom(1, 2, 3), fc.constantFrom(undefined, 1, 3)),
        ),
        ([inputs, k, partitions, commitEvery]) => {
          const driver = new TestDriver(countByValue(), { ...EOS, partitions, commitEvery });
          driver.crashAfter(k); // the batch is processed twice over (input, then repartition): k may land in either
          driver.createInputTopic<string, string>('input').pipeRecordList(inputs.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp })));
          // Commit until quiet; the armed crash may also strike while a commit's newly readable records are processed.
          for (;;) {
            if (driver.isCrashed()) driver.restart();
            else if (driver.runtime.pendingRecords > 0) driver.commit();
            else break;
          }
          const out = driver.broker.describeTopic('out').partitions.map((p) => driver.broker.fetch('out', p.partition, 0).map((r) => [r.key, r.value, r.timestamp]));
          expect(perKeyValues(out)).toEqual(expectedCountsByValue(inputs));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('property: through a repartition topic every count appears exactly once per key (1, 2, …, n) after a crash', () => {
    fc.assert(
      fc.property(
        singleTopicInputs.chain((inputs) => fc.tuple(fc.constant(inputs), crashPlan(inputs.length))),
        ([inputs, plan]) => {
          const options = { ...EOS, partitions: plan.partitions };
          const clean = runWithCrash(countByValue, inputs, plan.commitAfter, undefined, options);
          const crashed = runWithCrash(countByValue, inputs, plan.commitAfter, plan.crashAt, options);
          expect(perKeyValues(crashed.outByPartition)).toEqual(expectedCountsByValue(inputs));
          expect(kvContents(crashed.driver, 'counts')).toEqual(kvContents(clean.driver, 'counts'));
        },
      ),
      { numRuns: 40 },
    );
  });
});

/** Output [value, timestamp] per key (compared as JSON, windowed keys included), in offset order; keys sorted. */
function perKeyRecords(outByPartition: unknown[][][]): [string, unknown[]][] {
  const byKey = new Map<string, unknown[]>();
  for (const r of outByPartition.flat()) {
    const k = JSON.stringify(r[0]);
    byKey.set(k, [...(byKey.get(k) ?? []), [r[1], r[2]]]);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Output values per key, in offset order; keys sorted. */
function perKeyValues(outByPartition: unknown[][][]): [string, unknown[]][] {
  const byKey = new Map<string, unknown[]>();
  for (const r of outByPartition.flat()) {
    const k = r[0] as string;
    byKey.set(k, [...(byKey.get(k) ?? []), r[1]]);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
}

/** Reference: a count grouped by value emits 1..n for a value seen n times. */
function expectedCountsByValue(inputs: readonly Input[]): [string, unknown[]][] {
  const n = new Map<string, number>();
  for (const r of inputs) n.set(r.value, (n.get(r.value) ?? 0) + 1);
  return [...n.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([v, c]) => [v, Array.from({ length: c }, (_, i) => i + 1)]);
}
