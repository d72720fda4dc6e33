import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { describe, expect, inject, it } from 'vitest';
import { resolveOptions } from '../../src/cli/scenario-options.js';
import { bookstoreScenario } from '../../src/scenarios/bookstore/scenario.js';
import { Broker } from '../../src/sim/broker.js';

// Issue 8's `streamsim gen bookstore --to kafka://...` on a real broker: every topic read back holds, partition by
// partition, the records `gen` makes in memory for the same seed (keys, values, timestamps, in generated order),
// each in the partition the simulator's murmur2 placement gives it. Runs the built CLI: `npm run build` first.
const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const cliMain = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

const SEED = 1;
// enough records for several produce calls (5000 records or 512 KiB each), whose order per topic must hold across calls
const EVENTS = 20_000;
const PARTITIONS = 3;

interface Placed {
  key: string | null;
  value: unknown;
  timestamp: number;
}

/** `topic/partition` -> records, in order. */
type ByPartition = Map<string, Placed[]>;

function push(map: ByPartition, topic: string, partition: number, r: Placed): void {
  const id = `${topic}/${partition}`;
  const list = map.get(id) ?? [];
  if (list.length === 0) map.set(id, list);
  list.push(r);
}

/** What `gen` makes in memory, placed by the simulator's broker with the cluster's partition counts. */
function expectedPlacement(partitionsOf: Map<string, number>): ByPartition {
  const options = { ...bookstoreScenario.defaults, ...resolveOptions(bookstoreScenario, { seed: SEED, events: EVENTS }) };
  const broker = new Broker();
  for (const [topic, partitions] of partitionsOf) broker.createTopic(topic, { partitions });
  const out: ByPartition = new Map();
  for (const r of bookstoreScenario.generate(options)) {
    const { partition } = broker.produce(r.topic, { key: r.key, value: r.value, timestamp: r.timestamp });
    push(out, r.topic, partition, { key: r.key as string | null, value: r.value, timestamp: r.timestamp });
  }
  return out;
}

const topics = bookstoreScenario.inputTopics.map((t) => t.name);

/** Each partition's end offset: what a run adds to a topic starts there (a broker left running may hold earlier runs). */
async function endOffsets(kafka: Kafka): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const out = new Map<string, number>();
    for (const topic of topics.filter((t) => existing.has(t))) {
      for (const p of await admin.fetchTopicOffsets(topic)) out.set(`${topic}/${p.partition}`, Number(p.high));
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

async function partitionCounts(kafka: Kafka): Promise<Map<string, number>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics });
    return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  } finally {
    await admin.disconnect();
  }
}

/** Reads every partition from `from` up to `to` (end offsets) with a fresh consumer group. */
async function readBack(kafka: Kafka, from: Map<string, number>, to: Map<string, number>): Promise<ByPartition> {
  let wanted = 0;
  for (const [id, end] of to) wanted += end - (from.get(id) ?? 0);
  const out: ByPartition = new Map();
  let got = 0;
  const consumer = kafka.consumer({ groupId: `gen-to-kafka-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics, fromBeginning: true });
    let resolveDone: () => void;
    const done = new Promise<void>((resolve) => (resolveDone = resolve));
    await consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        if (Number(message.offset) < (from.get(`${topic}/${partition}`) ?? 0)) return;
        push(out, topic, partition, {
          key: message.key === null ? null : message.key.toString('utf8'),
          value: message.value === null ? null : (JSON.parse(message.value.toString('utf8')) as unknown),
          timestamp: Number(message.timestamp),
        });
        if (++got === wanted) resolveDone();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`read ${got} of ${wanted} records after 60 s`)), 60_000)));
    await Promise.race([done, timeout]).finally(() => clearTimeout(timer));
  } finally {
    await consumer.disconnect();
  }
  return out;
}

describe('streamsim gen --to kafka:// on a real broker', () => {
  it('publishes the generated records where, and as, the simulator has them', async () => {
    expect(existsSync(cliMain), 'run `npm run build` first: this spec runs dist/cli/main.js').toBe(true);
    const bootstrap = inject('kafkaBootstrap');
    const kafka = new Kafka({ clientId: 'gen-to-kafka-spec', brokers: [bootstrap], logLevel: logLevel.NOTHING });
    const before = await endOffsets(kafka);

    const { stdout } = await run(process.execPath, [cliMain, 'gen', 'bookstore', '--seed', String(SEED), '--events', String(EVENTS), '--partitions', String(PARTITIONS), '--to', `kafka://${bootstrap}`], { cwd: root });

    const counts = await partitionCounts(kafka);
    const expected = expectedPlacement(counts);
    const after = await endOffsets(kafka);
    const actual = await readBack(kafka, before, after);

    expect(expected.size, 'records in every partition of every topic').toBe(topics.length * PARTITIONS);
    // every partition the simulator fills holds the same records in the same order, and no other partition got any
    expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [id, records] of expected) expect(actual.get(id), id).toEqual(records);
    // a topic created by this run has the partitions asked for; the summary counts each topic's records
    for (const topic of topics) {
      const n = [...expected].filter(([id]) => id.startsWith(`${topic}/`)).reduce((sum, [, rs]) => sum + rs.length, 0);
      expect(stdout).toMatch(new RegExp(`^  ${topic} +${counts.get(topic)} +${n} +(created|existing)$`, 'm'));
    }
    if (before.size === 0) expect([...counts.values()]).toEqual(topics.map(() => PARTITIONS));
  });

  it('leaves kafkajs unloaded when gen writes NDJSON (the in-memory path)', async () => {
    const probe = `
      import { createRequire } from 'node:module';
      const { runCli } = await import(${JSON.stringify(new URL('../../dist/cli/program.js', import.meta.url).href)});
      const code = await runCli(['gen', 'bookstore', '--events', '10'], { out() {}, err() {} });
      const loaded = Object.keys(createRequire(import.meta.url).cache).some((f) => f.includes('kafkajs'));
      console.log(JSON.stringify({ code, loaded }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({ code: 0, loaded: false });
  });
});
