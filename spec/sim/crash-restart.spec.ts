import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TestDriver } from '../../src/sim/driver/test-driver.js';
import type { Processor, ProcessorContext } from '../../src/sim/processor.js';
import { StreamsRuntime } from '../../src/sim/runtime/runtime.js';
import { Topology } from '../../src/sim/topology.js';
import { countByKey, crashPlan, runWithCrash, singleTopicInputs, upperCase, type Input } from './crash-fixtures.js';

describe('consumer crash and restart under processing.guarantee=at_least_once (the default)', () => {
  it('redelivers from the last commit; the store restores from the whole changelog, so reprocessing double-applies', () => {
    const driver = new TestDriver(countByKey(), { commitEvery: Infinity });
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('a', 'x', 1);
    driver.commit();
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 1 }]);
    input.pipeInput('a', 'x', 2);
    input.pipeInput('a', 'x', 3);
    expect(out.readValuesToList()).toEqual([1, 2, 3]); // at-least-once: written at once, not at commit
    driver.crash();
    driver.restart();
    // The changelog holds 1, 2, 3: a = 3 restored; offsets 1 and 2 are redelivered and counted again.
    expect(out.readValuesToList()).toEqual([4, 5]);
    expect(driver.getKeyValueStore<string, number>('counts').get('a')).toBe(5);
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 1 }]);
    driver.commit();
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 3 }]);
  });

  it('by default offsets are committed after every pipe, so a crash between pipes redelivers nothing', () => {
    const driver = new TestDriver(countByKey());
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('a', 'x', 1);
    input.pipeInput('a', 'x', 2);
    driver.crashAndRestart();
    input.pipeInput('a', 'x', 3);
    expect(out.readValuesToList()).toEqual([1, 2, 3]);
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 3 }]);
  });

  it('commitEvery commits after that many processed records, in the middle of a batch', () => {
    const driver = new TestDriver(countByKey(), { commitEvery: 2 });
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeKeyValueList(['x', 'x', 'x', 'x', 'x'].map((value) => ({ key: 'a', value })), 0, 1);
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 4 }]);
    driver.crashAndRestart();
    expect(out.readValuesToList()).toEqual([1, 2, 3, 4, 5, 6]); // offset 4 redelivered once
  });

  it('records piped while the application is down wait in their topic and are processed on restart', () => {
    const driver = new TestDriver(upperCase());
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, string>('out');
    driver.crash();
    input.pipeInput('k', 'late', 1);
    expect(out.readValuesToList()).toEqual([]);
    driver.restart();
    expect(out.readValuesToList()).toEqual(['LATE']);
  });

  it('a crashed runtime refuses work; restart() needs a crash; the trace covers both runtimes', () => {
    const driver = new TestDriver(upperCase(), { commitEvery: Infinity });
    expect(() => driver.restart()).toThrow(/restart\(\) follows crash\(\)/);
    driver.createInputTopic<string, string>('input').pipeInput('k', 'v', 1);
    const crashed = driver.runtime;
    driver.crash();
    expect(() => crashed.runUntilIdle()).toThrow(/crashed/);
    expect(() => driver.commit()).toThrow(/crashed/);
    driver.restart();
    expect(driver.runtime).not.toBe(crashed);
    expect(driver.traceLines()).toEqual([
      'in 0_0 input-0@0 "k" "v" 1',
      'out out-0@0 "k" "V" 1',
      'in 0_0 input-0@0 "k" "v" 1',
      'out out-0@1 "k" "V" 1',
    ]);
  });

  it('with a record cache, a crash loses the unflushed updates: the changelog only has what commits flushed', () => {
    const driver = new TestDriver(countByKey(), { cacheMaxBytes: 1 << 20 });
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    input.pipeInput('a', 'x', 1);
    driver.commit(); // flushes a = 1, commits offset 1
    input.pipeInput('a', 'x', 2);
    input.pipeInput('a', 'x', 3);
    driver.crashAndRestart();
    driver.commit();
    expect(out.readValuesToList()).toEqual([1, 3]);
    expect(driver.getKeyValueStore<string, number>('counts').get('a')).toBe(3);
  });

  it('ProcessorContext#commit requests a commit, done once the current record is processed (Kafka: commit request)', () => {
    const t = new Topology();
    t.addSource('src', 'input');
    t.addProcessor(
      'echo',
      (): Processor<string, string, string, string> => {
        let ctx!: ProcessorContext<string, string>;
        return {
          init: (c) => (ctx = c),
          process: (r) => {
            ctx.forward(r);
            if (r.value === 'commit') ctx.commit();
          },
        };
      },
      'src',
    );
    t.addSink('sink', 'out', 'echo');
    const driver = new TestDriver(t, { commitEvery: Infinity });
    const input = driver.createInputTopic<string, string>('input');
    input.pipeKeyValueList([{ key: 'k', value: 'a' }, { key: 'k', value: 'commit' }, { key: 'k', value: 'b' }], 0, 1);
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 2 }]);
    driver.crashAndRestart();
    expect(driver.createOutputTopic<string, string>('out').readValuesToList()).toEqual(['a', 'commit', 'b', 'b']);
  });

  it('a restart resumes each task at the stream time its commit stored (StreamTask#initializeTaskTime)', () => {
    const driver = new TestDriver(countByKey(), { commitEvery: Infinity });
    const input = driver.createInputTopic<string, string>('input');
    input.pipeInput('a', 'x', 50);
    input.pipeInput('a', 'x', 20);
    driver.commit();
    input.pipeInput('a', 'x', 90); // processed, never committed
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 2 }]);
    expect(driver.runtime.committedOffsets()).toEqual(driver.committedOffsets());
    driver.crash();
    // Started but not run: stream time is the committed partition time, the largest processed timestamp (50).
    const next = new StreamsRuntime(driver.topology, driver.broker, { applicationId: 'streamsim-test' });
    next.start();
    expect(next.tasks[0]!.streamTimeMs).toBe(50);
    expect(next.runUntilIdle()).toBe(1); // the record at 90, redelivered
    expect(next.tasks[0]!.streamTimeMs).toBe(90);
  });

  it('crashAfter(n) stops the application in the middle of a batch, before the idle commit', () => {
    const driver = new TestDriver(countByKey());
    const input = driver.createInputTopic<string, string>('input');
    const out = driver.createOutputTopic<string, number>('out');
    driver.crashAfter(3);
    input.pipeKeyValueList(['x', 'x', 'x', 'x', 'x'].map((value) => ({ key: 'a', value })), 0, 1);
    expect(driver.isCrashed()).toBe(true);
    expect(out.readValuesToList()).toEqual([1, 2, 3]);
    expect(driver.committedOffsets()).toEqual([]);
    driver.restart();
    // a = 3 restored from the changelog, all five redelivered (nothing was committed).
    expect(out.readValuesToList()).toEqual([4, 5, 6, 7, 8]);
    expect(driver.crashCount()).toBe(1);
    expect(driver.committedOffsets()).toEqual([{ topic: 'input', partition: 0, offset: 5 }]);
  });

  it('property: crashAfter(k) inside a batch with commitEvery m redelivers from the last multiple of m before k', () => {
    fc.assert(
      fc.property(
        singleTopicInputs.chain((inputs) =>
          fc.tuple(fc.constant(inputs), fc.integer({ min: 1, max: inputs.length }), fc.integer({ min: 1, max: 6 })),
        ),
        ([inputs, k, m]) => {
          const driver = new TestDriver(upperCase(), { commitEvery: m });
          driver.crashAfter(k);
          driver.createInputTopic<string, string>('input').pipeRecordList(inputs.map((r) => ({ key: r.key, value: r.value, timestamp: r.timestamp })));
          expect(driver.isCrashed()).toBe(true);
          driver.restart();
          // The crash comes before the commit the k-th record would trigger: the last commit covers m * floor((k-1)/m).
          const lastCommit = m * Math.floor((k - 1) / m);
          const expected = [...inputs.slice(0, k), ...inputs.slice(lastCommit)].map((r) => r.value.toUpperCase());
          expect(driver.createOutputTopic<string, string>('out').readValuesToList()).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('StreamsRuntime#restarted starts a new instance on the same broker and application id', () => {
    const driver = new TestDriver(countByKey(), { commitEvery: Infinity });
    driver.createInputTopic<string, string>('input').pipeInput('a', 'x', 1);
    driver.runtime.crash();
    expect(() => new StreamsRuntime(driver.topology, driver.broker, { applicationId: 'bad id' })).toThrow(/application id/);
    const next = driver.runtime.restarted();
    expect(next.applicationId).toBe('streamsim-test');
    expect(next.runUntilIdle()).toBe(1); // offset 0 was never committed
  });

  /**
   * Reference for at-least-once with commits only where the plan says: for each key, the records of that key
   * piped before the crash, then again those piped since the last commit before the crash, then the rest.
   */
  function alosSequencePerKey(inputs: readonly Input[], commitAfter: readonly boolean[], crashAt: number): Map<string, string[]> {
    let lastCommit = 0;
    for (let i = 0; i < crashAt; i++) if (commitAfter[i] === true) lastCommit = i + 1;
    const order = [...inputs.slice(0, crashAt), ...inputs.slice(lastCommit)];
    const byKey = new Map<string, string[]>();
    for (const r of order) byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.value]);
    return byKey;
  }

  function outputsPerKey(outByPartition: unknown[][][]): Map<string, unknown[]> {
    const byKey = new Map<string, unknown[]>();
    for (const r of outByPartition.flat()) byKey.set(r[0] as string, [...(byKey.get(r[0] as string) ?? []), r[1]]);
    return byKey;
  }

  it('property: a stateless topology emits every input at least once, the records between the last commit and the crash exactly twice', () => {
    fc.assert(
      fc.property(
        singleTopicInputs.chain((inputs) => fc.tuple(fc.constant(inputs), crashPlan(inputs.length))),
        ([inputs, plan]) => {
          const run = runWithCrash(upperCase, inputs, plan.commitAfter, plan.crashAt, { partitions: plan.partitions });
          const expected = new Map(
            [...alosSequencePerKey(inputs, plan.commitAfter, plan.crashAt)].map(([k, vs]) => [k, vs.map((v) => v.toUpperCase())]),
          );
          expect(outputsPerKey(run.outByPartition)).toEqual(expected);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('property: counts double-apply exactly the redelivered records (the store restores to the crash, not to the commit)', () => {
    fc.assert(
      fc.property(
        singleTopicInputs.chain((inputs) => fc.tuple(fc.constant(inputs), crashPlan(inputs.length))),
        ([inputs, plan]) => {
          const run = runWithCrash(countByKey, inputs, plan.commitAfter, plan.crashAt, { partitions: plan.partitions });
          const expected = new Map(
            [...alosSequencePerKey(inputs, plan.commitAfter, plan.crashAt)].map(([k, vs]) => [k, vs.map((_, i) => i + 1)]),
          );
          expect(outputsPerKey(run.outByPartition)).toEqual(expected);
          const store = run.driver.getKeyValueStore<string, number>('counts');
          for (const [k, counts] of expected) expect(store.get(k)).toBe(counts.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('property: without a crash, commit placement changes nothing (same trace hash as the default run)', () => {
    fc.assert(
      fc.property(
        singleTopicInputs.chain((inputs) => fc.tuple(fc.constant(inputs), crashPlan(inputs.length))),
        ([inputs, plan]) => {
          const placed = runWithCrash(countByKey, inputs, plan.commitAfter, undefined, { partitions: plan.partitions });
          const plain = new TestDriver(countByKey(), { partitions: plan.partitions });
          const topic = plain.createInputTopic<string, string>('input');
          for (const r of inputs) topic.pipeInput(r.key, r.value, r.timestamp);
          expect(placed.driver.traceHash()).toBe(plain.traceHash());
        },
      ),
      { numRuns: 25 },
    );
  });
});
