import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { publishGenerated } from '../../src/kafka/publish-generated.js';
import { runScenarioOnKafka, type KafkaScenarioRunResult } from '../../src/kafka/run-scenario-on-kafka.js';
import { bookstoreScenario } from '../../src/scenarios/bookstore/scenario.js';
import { runScenario, type AnyScenario, type ScenarioOutputRecord, type ScenarioRunResult } from '../../src/scenarios/common/index.js';
import { utopiaScenario } from '../../src/scenarios/utopia/scenario.js';
import { stableStringify } from '../../src/sim/key-id.js';
import type { ProcessingGuarantee } from '../../src/sim/runtime/transaction.js';

// Issue 8's differential: a scenario's applications on a real Apache Kafka broker (`run --on kafka://`) give the
// output records the simulator gives for the same generated input. The cluster run reads input that was published
// before the applications start, so the simulator runs in that regime too: every input record appended before the
// processors run (appendBatch = all). What Kafka defines is compared, and only that:
// - one partition per topic (utopia): every output topic record by record, in order: one partition is one task, read
//   in offset order, so a cluster has no freedom left (one output excepted, below);
// - several partitions (bookstore): records of one key that come from different upstream partitions (through a
//   repartition topic) interleave as the fetches happen to arrive, on any cluster. So per partition and key, an event
//   stream's records are compared as a multiset (key, value, timestamp) and a table's as its final value (windowed
//   tables per key and window: their results once the windows have closed).
// With exactly_once_v2 and one instance of two killed in the middle of a batch, the other takes its tasks over
// (stores restored from the changelogs) and the outputs are still exactly those: nothing lost, nothing twice.
const bootstrap = inject('kafkaBootstrap');
const kafka = new Kafka({ clientId: 'run-on-kafka-spec', brokers: [bootstrap], logLevel: logLevel.NOTHING });

/** Deletes every topic and group left by an earlier run (each case starts from an empty cluster). */
async function emptyCluster(): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => !t.startsWith('__'));
    if (topics.length > 0) await admin.deleteTopics({ topics });
    const groups = (await admin.listGroups()).groups.map((g) => g.groupId);
    if (groups.length > 0) await admin.deleteGroups(groups).catch(() => undefined);
    // a deleted topic lingers in metadata a moment: wait until it is gone before it is created again
    for (let i = 0; i < 100 && (await admin.listTopics()).some((t) => topics.includes(t)); i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await admin.disconnect();
  }
}

afterAll(emptyCluster);

interface Case {
  readonly scenario: AnyScenario;
  readonly events: number;
  readonly partitions: number;
  readonly guarantee: ProcessingGuarantee;
  readonly instances: number;
  readonly kill?: { instance: number; afterRecords: number };
}

async function both(c: Case): Promise<{ memory: ScenarioRunResult; cluster: KafkaScenarioRunResult }> {
  await emptyCluster();
  const { scenario } = c;
  const options = { ...scenario.defaults, ...scenario.sizeFor(c.events) };
  const input = scenario.generate(options);
  await publishGenerated(input, { brokers: [bootstrap], topics: scenario.inputTopics, partitions: c.partitions });
  const memory = runScenario(scenario, { options, partitions: c.partitions, appendBatch: input.length });
  const cluster = await runScenarioOnKafka(scenario, {
    brokers: [bootstrap],
    seed: options.seed,
    options,
    instances: c.instances,
    processingGuarantee: c.guarantee,
    clientId: 'run-on-kafka-spec',
    ...(c.kill === undefined ? {} : { kill: c.kill }),
  });
  return { memory, cluster };
}

const line = (r: ScenarioOutputRecord): string => `${stableStringify(r.key)} -> ${stableStringify(r.value)} @${r.timestamp}`;

function byPartitionAndKey(records: readonly ScenarioOutputRecord[]): Map<string, ScenarioOutputRecord[]> {
  const out = new Map<string, ScenarioOutputRecord[]>();
  for (const r of records) {
    const k = `${r.partition} ${stableStringify(r.key)}`;
    const list = out.get(k) ?? [];
    if (list.length === 0) out.set(k, list);
    list.push(r);
  }
  return out;
}

/** An event stream: per partition and key, the same records, whatever their order. */
function streamView(records: readonly ScenarioOutputRecord[]): Record<string, string[]> {
  return Object.fromEntries([...byPartitionAndKey(records)].map(([k, rs]) => [k, rs.map(line).sort()]));
}

/** A table: per partition and key (a windowed key names its window), the final value. */
function tableView(records: readonly ScenarioOutputRecord[]): Record<string, string> {
  return Object.fromEntries([...byPartitionAndKey(records)].map(([k, rs]) => [k, stableStringify(rs[rs.length - 1]!.value)]));
}

function expectNonTrivial(memory: ScenarioRunResult, topics: readonly string[]): void {
  // a differential of empty outputs would prove nothing
  const produced = topics.filter((t) => (memory.outputs.get(t)?.length ?? 0) > 0);
  expect(produced.length, `outputs with records in memory: ${produced.join(', ')}`).toBeGreaterThanOrEqual(Math.ceil(topics.length / 2));
}

describe('bookstore on a real broker, 2 partitions per topic', () => {
  // CREATE STREAM ... AS and the DSL's event outputs; every other output is a table (an aggregate's changelog)
  const streams = new Set(['PURCHASE_ENRICHED', 'BIG_PURCHASE', 'PAYMENT2']);

  function expectSameOutputs(memory: ScenarioRunResult, cluster: KafkaScenarioRunResult): void {
    const topics = bookstoreScenario.outputTopics;
    expectNonTrivial(memory, topics);
    for (const topic of topics) {
      const m = memory.outputs.get(topic) ?? [];
      const k = cluster.outputs.get(topic) ?? [];
      if (streams.has(topic)) expect(streamView(k), topic).toEqual(streamView(m));
      else expect(tableView(k), topic).toEqual(tableView(m));
    }
    expect(cluster.deadLettered).toBe(memory.deadLettered);
  }

  it('at_least_once, one instance: every event stream and every table as in the simulator', async () => {
    const { memory, cluster } = await both({ scenario: bookstoreScenario, events: 2000, partitions: 2, guarantee: 'at_least_once', instances: 1 });
    expect(cluster.applications.length).toBe(11);
    expectSameOutputs(memory, cluster);
  });

  it('exactly_once_v2, two instances, one killed mid-batch: the other takes over and the outputs are the same', async () => {
    const { memory, cluster } = await both({
      scenario: bookstoreScenario,
      events: 2000,
      partitions: 2,
      guarantee: 'exactly_once_v2',
      instances: 2,
      kill: { instance: 0, afterRecords: 150 },
    });
    expect(cluster.killed, 'application instances killed').toBeGreaterThan(0);
    expect(cluster.restoredStores, 'stores restored from changelogs by the survivor').toBeGreaterThan(0);
    expectSameOutputs(memory, cluster);
  });
});

describe('utopia on a real broker, 1 partition per topic', () => {
  // Its 'genre-activity' task merges the repartition topic its own application writes with input topics; on a
  // cluster the repartitioned records arrive when the upstream task's produce does, before or after the events
  // (max.task.idle.ms does not wait for data not yet written), so its alerts depend on timing: left out.
  const timingDependent = new Set(['kafka-workshop-suggested-events-genre']);

  it('exactly_once_v2, two instances, one killed mid-batch: every output record by record, in order', async () => {
    const { memory, cluster } = await both({
      scenario: utopiaScenario,
      events: 2000,
      partitions: 1,
      guarantee: 'exactly_once_v2',
      instances: 2,
      kill: { instance: 0, afterRecords: 300 },
    });
    expect(cluster.killed, 'application instances killed').toBeGreaterThan(0);
    const topics = utopiaScenario.outputTopics.filter((t) => !timingDependent.has(t));
    expectNonTrivial(memory, topics);
    for (const topic of topics) {
      expect((cluster.outputs.get(topic) ?? []).map(line), topic).toEqual((memory.outputs.get(topic) ?? []).map(line));
    }
  });
});
