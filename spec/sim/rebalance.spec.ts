/**
 * Several instances of one application sharing its tasks (issue 5): sticky task assignment as Kafka's
 * StreamsPartitionAssignor does it, clean handovers (onPartitionsRevoked commits), crashes whose tasks move to
 * the survivors (resume from the last commit), and fencing of zombies (CommitFailedException, producer fencing).
 * Expected values are written here by brute force, or taken from a single-instance run of the same input.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Materialized, StreamsBuilder, TimeWindows, type Windowed } from '../../src/index.js';
import { CommitFailedError } from '../../src/sim/clients/errors.js';
import { TestDriver, type TestDriverOptions } from '../../src/sim/driver/test-driver.js';
import type { ProcessingGuarantee } from '../../src/sim/runtime/runtime.js';
import { upperCase } from './crash-fixtures.js';

const PARTITIONS = 4;
const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** Every record of `topic`, per partition in offset order, as [key, value]. */
function logOf(driver: TestDriver, topic: string): { partition: number; offset: number; key: unknown; value: unknown }[] {
  return driver.broker
    .describeTopic(topic)
    .partitions.flatMap((p) => driver.broker.fetch(topic, p.partition, 0).map((r) => ({ partition: r.partition, offset: r.offset, key: r.key, value: r.value })));
}

/** How many consumed records the trace shows a second (or later) time: at-least-once redelivery. */
function redeliveries(driver: TestDriver, topicFilter: (topic: string) => boolean): number {
  const seen = new Set<string>();
  let again = 0;
  for (const e of driver.trace()) {
    if (e.task === null || !topicFilter(e.record.topic)) continue;
    const id = `${e.record.topic}-${e.record.partition}@${e.record.offset}`;
    if (seen.has(id)) again++;
    else seen.add(id);
  }
  return again;
}

function pipeAll(driver: TestDriver, keys: readonly string[], from = 0): void {
  const input = driver.createInputTopic<string, string>('input');
  keys.forEach((k, i) => input.pipeInput(k, `v${from + i}`, from + i));
}

describe('two instances of one application', () => {
  it('split the tasks by the sticky assignor and each processes only its own partitions', () => {
    const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, instances: 2 });
    expect(driver.instanceCount).toBe(2);
    // Starting together, nobody owns anything: tasks go in order to the instance with most room, ties to id 0.
    expect(driver.tasksOf(0)).toEqual(['0_0', '0_2']);
    expect(driver.tasksOf(1)).toEqual(['0_1', '0_3']);
    pipeAll(driver, KEYS);
    const byInstance = [0, 1].map((i) => driver.application.runtimeOf(i).tasks.reduce((n, t) => n + t.processedCount, 0));
    const inputByPartition = logOf(driver, 'input');
    expect(byInstance).toEqual([
      inputByPartition.filter((r) => r.partition % 2 === 0).length,
      inputByPartition.filter((r) => r.partition % 2 === 1).length,
    ]);
    expect(byInstance[0]! > 0 && byInstance[1]! > 0).toBe(true);
    // Outputs of both instances are captured, each input once.
    expect(driver.createOutputTopic<string, string>('out').readValuesToList().sort()).toEqual(KEYS.map((_k, i) => `V${i}`).sort());
  });

  it('addInstance and removeInstance hand tasks over cleanly: nothing is processed twice (at_least_once, no commit in between)', () => {
    const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, commitEvery: Infinity });
    pipeAll(driver, KEYS.slice(0, 4));
    const added = driver.addInstance();
    expect(added).toBe(1);
    expect(driver.tasksOf(1)).toEqual(['0_2', '0_3']);
    pipeAll(driver, KEYS.slice(4), 4);
    driver.removeInstance(0);
    expect(driver.instanceIds()).toEqual([1]);
    expect(driver.tasksOf(1)).toEqual(['0_0', '0_1', '0_2', '0_3']);
    pipeAll(driver, ['a', 'b'], 8);
    expect(redeliveries(driver, () => true)).toBe(0);
    expect(driver.createOutputTopic<string, string>('out').readValuesToList().sort()).toEqual(
      Array.from({ length: 10 }, (_v, i) => `V${i}`).sort(),
    );
  });

  it('a rebalance without membership change moves nothing', () => {
    const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, instances: 3 });
    const before = [0, 1, 2].map((i) => driver.tasksOf(i));
    expect(before.map((t) => t.length).sort()).toEqual([1, 1, 2]);
    const generation = driver.application.generation;
    driver.rebalance();
    expect(driver.application.generation).toBe(generation + 1);
    expect([0, 1, 2].map((i) => driver.tasksOf(i))).toEqual(before);
  });

  /**
   * Pipes KEYS, commits, pipes KEYS again, crashes instance 1. Reference: the second round's records in the
   * partitions instance 1 owned, which the survivor processes again under at_least_once.
   */
  function crashScenario(guarantee: ProcessingGuarantee) {
    const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, instances: 2, commitEvery: Infinity, processingGuarantee: guarantee });
    pipeAll(driver, KEYS);
    driver.commit();
    pipeAll(driver, KEYS, KEYS.length);
    const lost = new Set(driver.tasksOf(1).map((t) => Number(t.split('_')[1])));
    driver.crashInstance(1);
    expect(driver.instanceIds()).toEqual([0]);
    expect(driver.tasksOf(0)).toEqual(['0_0', '0_1', '0_2', '0_3']);
    do driver.commit();
    while (driver.application.pendingRecords > 0);
    const second = logOf(driver, 'input').filter((r) => Number((r.value as string).slice(1)) >= KEYS.length);
    const redelivered = second.filter((r) => lost.has(r.partition)).map((r) => (r.value as string).toUpperCase());
    const once = Array.from({ length: 2 * KEYS.length }, (_v, i) => `V${i}`);
    return { driver, once, redelivered };
  }

  it('crash of an instance under at_least_once: exactly the records it processed after the last commit are processed again', () => {
    const { driver, once, redelivered } = crashScenario('at_least_once');
    expect(redelivered.length).toBeGreaterThan(0);
    expect(driver.createOutputTopic<string, string>('out').readValuesToList().sort()).toEqual([...once, ...redelivered].sort());
    expect(redeliveries(driver, () => true)).toBe(redelivered.length);
    expect(driver.crashCount()).toBe(1);
  });

  it('crash of an instance under exactly_once_v2: its transaction is aborted, every output appears once', () => {
    const { driver, once } = crashScenario('exactly_once_v2');
    expect(driver.createOutputTopic<string, string>('out').readValuesToList().sort()).toEqual([...once].sort());
  });

  it.each(['at_least_once', 'exactly_once_v2'] as const)('a zombie instance (%s) cannot commit: CommitFailedError naming the generations', (guarantee) => {
    const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, instances: 2, commitEvery: Infinity, processingGuarantee: guarantee });
    pipeAll(driver, KEYS);
    driver.commit();
    pipeAll(driver, KEYS, KEYS.length);
    const zombie = driver.application.runtimeOf(1);
    const pendingBefore = zombie.pendingRecords;
    driver.application.expireInstance(1); // session timeout: the group moves on without telling it
    expect(driver.instanceIds()).toEqual([0]);
    expect(driver.application.stateOf(1)).toBe('zombie');
    expect(zombie.ownedTaskIds()).toEqual(['0_1', '0_3']); // it still believes it owns them
    expect(driver.tasksOf(0)).toEqual(['0_0', '0_1', '0_2', '0_3']);
    expect(() => zombie.commitAll()).toThrow(CommitFailedError);
    expect(zombie.hasCrashed).toBe(true);
    expect(() => zombie.runUntilIdle()).toThrow(/crashed/);
    if (guarantee === 'exactly_once_v2') {
      expect(pendingBefore).toBeGreaterThan(0);
      expect(zombie.abortedRecords).toBe(pendingBefore);
    }
    do driver.commit();
    while (driver.application.pendingRecords > 0);
    const values = driver.createOutputTopic<string, string>('out').readValuesToList();
    const once = Array.from({ length: 2 * KEYS.length }, (_v, i) => `V${i}`);
    if (guarantee === 'exactly_once_v2') expect(values.sort()).toEqual(once.sort());
    else expect(new Set(values)).toEqual(new Set(once)); // the zombie's outputs reached the log before the fence
  });

  it('the fence message names both generations', () => {
    const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, instances: 2, processingGuarantee: 'exactly_once_v2' });
    const zombie = driver.application.runtimeOf(1);
    driver.application.expireInstance(1);
    expect(() => zombie.commitAll()).toThrow(/generation 1 but the group is in generation 2.*transaction \(0 records\) was aborted/);
  });

  it('crashInstanceAfter strikes in the middle of a pipe; the survivor processes the rest and what was lost', () => {
    const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, instances: 2, commitEvery: Infinity, processingGuarantee: 'exactly_once_v2' });
    driver.crashInstanceAfter(0, 2);
    const input = driver.createInputTopic<string, string>('input');
    input.pipeRecordList(KEYS.map((k, i) => ({ key: k, value: `v${i}`, timestamp: i })));
    expect(driver.crashCount()).toBe(1);
    expect(driver.instanceIds()).toEqual([1]);
    do driver.commit();
    while (driver.application.pendingRecords > 0);
    expect(driver.createOutputTopic<string, string>('out').readValuesToList().sort()).toEqual(KEYS.map((_k, i) => `V${i}`).sort());
  });

  it('global stores are per instance: each instance keeps its own copy of the whole global table', () => {
    const b = new StreamsBuilder();
    const users = b.globalTable<string, string>('users');
    b.stream<string, string>('orders')
      .join(users, (_k: string, v: string) => v, (order: string, user: string | null) => `${order}@${user}`)
      .to('out');
    const driver = new TestDriver(b, { partitions: { orders: PARTITIONS, users: 2, out: 1 }, instances: 2 });
    driver.createInputTopic<string, string>('users').pipeKeyValueList([{ key: 'u1', value: 'Ada' }, { key: 'u2', value: 'Bob' }]);
    driver.createInputTopic<string, string>('orders').pipeKeyValueList(KEYS.map((k, i) => ({ key: k, value: i % 2 === 0 ? 'u1' : 'u2' })));
    const [g0, g1] = [0, 1].map((i) => driver.application.runtimeOf(i).globalTasks[0]!.store);
    expect(g0).not.toBe(g1);
    const out = driver.createOutputTopic<string, string>('out').readKeyValuesToList();
    expect(out.map((kv) => [kv.key, kv.value]).sort()).toEqual(KEYS.map((k, i) => [k, i % 2 === 0 ? 'u1@Ada' : 'u2@Bob']).sort());
  });

  it('same seed, same schedule: the same trace hash, with instances driven in a seeded order (shuffle)', () => {
    const once = () => {
      const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, instances: 3, shuffle: true, seed: 42, commitEvery: 2 });
      pipeAll(driver, KEYS);
      driver.crashInstance(1);
      driver.addInstance();
      pipeAll(driver, KEYS, KEYS.length);
      return driver.traceHash();
    };
    expect(once()).toBe(once());
  });

  it('a crash of the last live instance takes the application down until restart()', () => {
    const driver = new TestDriver(upperCase(), { partitions: PARTITIONS, instances: 2 });
    driver.crashInstance(0);
    expect(driver.isCrashed()).toBe(false);
    driver.crashInstance(1);
    expect(driver.isCrashed()).toBe(true);
    expect(() => driver.addInstance()).toThrow(/down/);
    pipeAll(driver, ['a']);
    driver.restart();
    expect(driver.instanceIds()).toEqual([1]);
    expect(driver.createOutputTopic<string, string>('out').readValuesToList()).toEqual(['V0']);
  });
});

// ---- properties: any schedule of membership changes, against brute force and single-instance runs ----

/** groupBy(value).count() through a repartition topic, and a windowed count per key (grace longer than the input). */
function countsTopology(): StreamsBuilder {
  const b = new StreamsBuilder();
  const s = b.stream<string, string>('input');
  s.groupBy((_k, v) => v).count(Materialized.as('by-value')).toStream().to('out-count');
  s.groupByKey()
    .windowedBy(TimeWindows.ofSizeAndGrace(10, 1000))
    .count(Materialized.as('windowed'))
    .toStream((w: Windowed<string>) => `${w.key}@${w.window.start}`)
    .to('out-win');
  return b;
}

type Op = { readonly at: number; readonly kind: 'add' | 'remove' | 'crash' | 'crashAfter' | 'rebalance'; readonly pick: number };
interface In {
  readonly key: string;
  readonly value: string;
  readonly timestamp: number;
}

const inputsArb = fc.array(
  fc.record({ key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), value: fc.constantFrom('x', 'y', 'z'), timestamp: fc.integer({ min: 0, max: 99 }) }),
  { minLength: 1, maxLength: 20 },
);
const opsArb = (kinds: Op['kind'][]) =>
  fc.array(fc.record({ at: fc.integer({ min: 0, max: 20 }), kind: fc.constantFrom(...kinds), pick: fc.nat(7) }), { maxLength: 6 });

/** Runs `inputs` one pipe at a time, applying `ops` before the input they name; drains and commits at the end. */
function run(inputs: readonly In[], ops: readonly Op[], options: TestDriverOptions): TestDriver {
  const driver = new TestDriver(countsTopology(), { partitions: PARTITIONS, commitEvery: 3, ...options });
  const topic = driver.createInputTopic<string, string>('input');
  for (let i = 0; i <= inputs.length; i++) {
    for (const op of ops.filter((o) => Math.min(o.at, inputs.length) === i)) {
      const live = driver.instanceIds();
      const victim = live[op.pick % live.length]!;
      if (op.kind === 'add' && live.length < 4) driver.addInstance();
      if (op.kind === 'rebalance') driver.rebalance();
      if (live.length < 2) continue;
      if (op.kind === 'remove') driver.removeInstance(victim);
      if (op.kind === 'crash') driver.crashInstance(victim);
      if (op.kind === 'crashAfter') driver.crashInstanceAfter(victim, 1 + (op.pick % 3));
    }
    const r = inputs[i];
    if (r !== undefined) topic.pipeInput(r.key, r.value, r.timestamp);
    if (driver.isCrashed()) driver.restart();
  }
  // Commit until quiet; an armed crash may still strike while a commit's newly readable records are processed.
  for (;;) {
    if (driver.isCrashed()) driver.restart();
    driver.commit();
    if (!driver.isCrashed() && driver.application.pendingRecords === 0) return driver;
  }
}

/** Output values per key, in log order (one key lives in one partition). */
function perKey(driver: TestDriver, topic: string): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const r of logOf(driver, topic)) m.set(r.key as string, [...(m.get(r.key as string) ?? []), r.value as number]);
  return m;
}

function lastPerKey(driver: TestDriver, topic: string): Map<string, number> {
  return new Map([...perKey(driver, topic)].map(([k, vs]) => [k, vs[vs.length - 1]!]));
}

/** Brute force: final count per value, and per `key@windowStart` for 10 ms tumbling windows. */
function bruteForce(inputs: readonly In[]): { byValue: Map<string, number>; windowed: Map<string, number> } {
  const byValue = new Map<string, number>();
  const windowed = new Map<string, number>();
  for (const r of inputs) {
    byValue.set(r.value, (byValue.get(r.value) ?? 0) + 1);
    const w = `${r.key}@${r.timestamp - (r.timestamp % 10)}`;
    windowed.set(w, (windowed.get(w) ?? 0) + 1);
  }
  return { byValue, windowed };
}

const sorted = (m: Map<string, unknown>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

describe('properties of rebalances (fast-check, fixed seed)', () => {
  it('(a) final keyed results equal brute force: exactly_once_v2 under any schedule, at_least_once under clean moves', () => {
    const cases = fc.oneof(
      fc.record({ guarantee: fc.constant<ProcessingGuarantee>('exactly_once_v2'), ops: opsArb(['add', 'remove', 'crash', 'crashAfter', 'rebalance']) }),
      fc.record({ guarantee: fc.constant<ProcessingGuarantee>('at_least_once'), ops: opsArb(['add', 'remove', 'rebalance']) }),
    );
    fc.assert(
      fc.property(inputsArb, cases, fc.integer({ min: 1, max: 3 }), fc.boolean(), (inputs, { guarantee, ops }, instances, shuffle) => {
        const driver = run(inputs, ops, { processingGuarantee: guarantee, instances, shuffle, seed: 7 });
        const expected = bruteForce(inputs);
        expect(sorted(lastPerKey(driver, 'out-count'))).toEqual(sorted(expected.byValue));
        expect(sorted(lastPerKey(driver, 'out-win'))).toEqual(sorted(expected.windowed));
      }),
      { seed: 5_2026, numRuns: 60 },
    );
  });

  it('(b) exactly_once_v2: the committed outputs per key equal a single-instance run', () => {
    fc.assert(
      fc.property(inputsArb, opsArb(['add', 'remove', 'crash', 'crashAfter', 'rebalance']), fc.integer({ min: 1, max: 3 }), (inputs, ops, instances) => {
        const options = { processingGuarantee: 'exactly_once_v2' } as const;
        const single = run(inputs, [], options);
        const multi = run(inputs, ops, { ...options, instances });
        for (const topic of ['out-count', 'out-win']) expect(sorted(perKey(multi, topic))).toEqual(sorted(perKey(single, topic)));
      }),
      { seed: 11_2026, numRuns: 100 },
    );
  });

  it('(c) at_least_once: every single-instance output appears; the extras are exactly the redelivered records', () => {
    fc.assert(
      fc.property(inputsArb, opsArb(['add', 'remove', 'crash', 'crashAfter', 'rebalance']), fc.integer({ min: 1, max: 3 }), (inputs, ops, instances) => {
        const single = run(inputs, [], {});
        const multi = run(inputs, ops, { instances });
        const redeliveredInputs = redeliveries(multi, (t) => t === 'input');
        const redeliveredRepartition = redeliveries(multi, (t) => t.endsWith('-repartition'));
        // Each redelivered input adds one windowed update, and one repartition record, hence one count update;
        // each redelivered repartition record one count update.
        const extras = { 'out-count': redeliveredInputs + redeliveredRepartition, 'out-win': redeliveredInputs };
        for (const topic of ['out-count', 'out-win'] as const) {
          const want = perKey(single, topic);
          const got = perKey(multi, topic);
          expect(sorted(new Map([...got].map(([k]) => [k, true])))).toEqual(sorted(new Map([...want].map(([k]) => [k, true]))));
          let extra = 0;
          for (const [k, vs] of want) {
            const g = got.get(k)!;
            expect(g.slice(0, vs.length)).toEqual(vs); // every single-instance output, in order
            expect(g).toEqual(Array.from({ length: g.length }, (_v, i) => i + 1)); // counts go up one at a time
            extra += g.length - vs.length;
          }
          expect(extra).toBe(extras[topic]);
        }
      }),
      { seed: 17_2026, numRuns: 100 },
    );
  });
});
