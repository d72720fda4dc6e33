import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster, type Consumer } from '../../src/kafkajs/index.js';

afterEach(() => resetVirtualClusters());

interface Handled {
  readonly consumer: string;
  readonly partition: number;
  readonly offset: number;
  readonly at: number;
}

interface Run {
  readonly kafka: Kafka;
  readonly handled: Handled[];
  readonly consumers: Record<string, Consumer>;
  /** memberId per GROUP_JOIN, per consumer. */
  readonly joins: Record<string, string[]>;
  /** `partition:offset` per COMMIT_OFFSETS, per consumer. */
  readonly commits: Record<string, string[]>;
}

/** Two consumers 'a' and 'b' of group 'g' on a 2-partition topic, 3 records per partition produced after they joined. */
async function run(seed: number, arm: (kafka: Kafka) => void, sessionTimeout?: number, mode: 'eachMessage' | 'eachBatch' = 'eachMessage'): Promise<Run> {
  const kafka = new Kafka({ clientId: 'hang', brokers: ['localhost:9092'], streamsim: { seed } });
  const cluster = virtualCluster(kafka);
  await kafka.admin().createTopics({ topics: [{ topic: 'in', numPartitions: 2 }] });
  const handled: Handled[] = [];
  const consumers: Record<string, Consumer> = {};
  const joins: Record<string, string[]> = {};
  const commits: Record<string, string[]> = {};
  for (const name of ['a', 'b']) {
    const consumer = kafka.consumer({ groupId: 'g', ...(sessionTimeout === undefined ? {} : { sessionTimeout }) });
    joins[name] = [];
    commits[name] = [];
    consumer.on(consumer.events.GROUP_JOIN, (e: { payload: { memberId: string } }) => joins[name]!.push(e.payload.memberId));
    consumer.on(consumer.events.COMMIT_OFFSETS, (e: { payload: { topics: Array<{ partitions: Array<{ partition: number; offset: string }> }> } }) => {
      for (const t of e.payload.topics) for (const p of t.partitions) commits[name]!.push(`${p.partition}:${p.offset}`);
    });
    await consumer.subscribe({ topics: ['in'], fromBeginning: true });
    const note = (partition: number, offset: string): void => void handled.push({ consumer: name, partition, offset: Number(offset), at: cluster.clock.now() });
    if (mode === 'eachMessage') await consumer.run({ eachMessage: async ({ partition, message }) => note(partition, message.offset) });
    else await consumer.run({ eachBatch: async ({ batch }) => batch.messages.forEach((m) => note(batch.partition, m.offset)) });
    consumers[name] = consumer;
  }
  await cluster.settle();
  arm(kafka);
  const producer = kafka.producer();
  await producer.connect();
  for (const partition of [0, 1]) await producer.send({ topic: 'in', messages: ['x', 'y', 'z'].map((value) => ({ value, partition })) });
  await cluster.settle();
  return { kafka, handled, consumers, joins, commits };
}

const ownerOf = (r: Run, partition: number, beforeMs = Infinity): string[] => [...new Set(r.handled.filter((h) => h.partition === partition && h.at < beforeMs).map((h) => h.consumer))];
const offsetsBy = (r: Run, consumer: string, partition: number): number[] => r.handled.filter((h) => h.consumer === consumer && h.partition === partition).map((h) => h.offset);
const committed = (r: Run, partition: number): number | undefined => virtualCluster(r.kafka).coordinator.committed('g', { topic: 'in', partition });

describe('session timeout: a handler hanging longer than sessionTimeout', () => {
  it('loses its partitions to the other member; its late commit fails and it rejoins; at-least-once, order kept', async () => {
    const r = await run(7, (kafka) => virtualCluster(kafka).faults.hangConsumer({ groupId: 'g', topic: 'in', ms: 40_000 }));
    const log = virtualCluster(r.kafka).faults.log;
    expect(log.map((f) => f.kind)).toEqual(['hang']);
    // The hung consumer handles its first record only once the hang is over.
    const late = r.handled.filter((h) => h.at >= 40_000);
    expect(late).toHaveLength(1);
    const hung = late[0]!.consumer;
    const other = hung === 'a' ? 'b' : 'a';
    const p = late[0]!.partition;

    // Its session expired at 30 s: the other member took its partition over and processed all of it.
    expect(offsetsBy(r, other, p)).toEqual([0, 1, 2]);
    expect(offsetsBy(r, other, 1 - p)).toEqual([0, 1, 2]);
    expect(r.handled.filter((h) => h.consumer === other).every((h) => h.at < 40_000)).toBe(true);
    // The hung handler's record was handled twice (at-least-once), by the hung one after the other.
    expect(offsetsBy(r, hung, p)).toEqual([0]);
    // Its late commit (p:1) failed: the group's offsets stay where the new owner committed them.
    expect(r.commits[hung]).not.toContain(`${p}:1`);
    expect(committed(r, 0)).toBe(3);
    expect(committed(r, 1)).toBe(3);
    // It rejoined under a new member id, and the group shares the partitions again.
    expect(r.joins[hung]!.at(-1)).not.toBe(r.joins[hung]![0]);
    const description = await r.consumers[hung]!.describeGroup();
    expect(description.members).toHaveLength(2);
    expect(r.consumers['a']!.assignment()).toHaveLength(1);
    expect(r.consumers['b']!.assignment()).toHaveLength(1);
  });

  it('with eachBatch, the other member processes the whole batch; the late commit of the hung one fails and it rejoins', async () => {
    const r = await run(11, (kafka) => virtualCluster(kafka).faults.hangConsumer({ topic: 'in', ms: 31_000 }), undefined, 'eachBatch');
    const late = r.handled.filter((h) => h.at >= 31_000);
    expect(late.map((h) => h.offset)).toEqual([0, 1, 2]);
    const hung = late[0]!.consumer;
    const other = hung === 'a' ? 'b' : 'a';
    const p = late[0]!.partition;
    expect(offsetsBy(r, other, p)).toEqual([0, 1, 2]);
    expect(offsetsBy(r, hung, p)).toEqual([0, 1, 2]);
    expect(r.commits[hung]).not.toContain(`${p}:3`);
    expect(committed(r, p)).toBe(3);
    expect(r.joins[hung]!.at(-1)).not.toBe(r.joins[hung]![0]);
  });

  it('honours the consumer sessionTimeout setting', async () => {
    const r = await run(7, (kafka) => virtualCluster(kafka).faults.hangConsumer({ ms: 15_000 }), 10_000);
    const late = r.handled.find((h) => h.at >= 15_000)!;
    expect(ownerOf(r, late.partition).sort()).toEqual(['a', 'b']);
  });
});

describe('session timeout: a hang shorter than sessionTimeout', () => {
  it('changes nothing but the time: same members, same partitions, each record handled once', async () => {
    const calm = await run(7, () => {});
    resetVirtualClusters();
    const slow = await run(7, (kafka) => virtualCluster(kafka).faults.hangConsumer({ groupId: 'g', ms: 29_000 }));
    expect(virtualCluster(slow.kafka).faults.log.map((f) => f.kind)).toEqual(['hang']);
    const strip = (r: Run): string[] => r.handled.map((h) => `${h.consumer}:${h.partition}:${h.offset}`).sort();
    expect(strip(slow)).toEqual(strip(calm));
    expect(strip(slow)).toHaveLength(6);
    expect(slow.joins).toEqual(calm.joins);
    for (const p of [0, 1]) {
      expect(ownerOf(slow, p)).toHaveLength(1);
      expect(committed(slow, p)).toBe(3);
    }
  });
});

describe('session timeout: determinism', () => {
  it('the same seed and hang give the same run', async () => {
    const fingerprint = async (): Promise<unknown> => {
      const r = await run(42, (kafka) => virtualCluster(kafka).faults.hangConsumer({ ms: 45_000 }));
      const cluster = virtualCluster(r.kafka);
      const out = { handled: r.handled, joins: r.joins, commits: r.commits, log: cluster.faults.log, steps: cluster.scheduler.steps, now: cluster.clock.now() };
      resetVirtualClusters();
      return out;
    };
    expect(await fingerprint()).toEqual(await fingerprint());
  });

  it('seeded hangs are opt-in: not among the default kinds, drawn only when `kinds` names them', async () => {
    const { FAULT_KINDS } = await import('../../src/kafkajs/faults.js');
    expect(FAULT_KINDS).not.toContain('hang');
    const r = await run(5, (kafka) => virtualCluster(kafka).faults.inject({ rate: 1, kinds: ['hang'], maxDelayMs: 20 }));
    const log = virtualCluster(r.kafka).faults.log;
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((f) => f.kind === 'hang')).toBe(true);
    expect(r.handled).toHaveLength(6);
  });
});
