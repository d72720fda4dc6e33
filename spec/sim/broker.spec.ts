import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Broker } from '../../src/sim/broker.js';
import { VirtualClock } from '../../src/sim/clock.js';
import { BrokerError, RecordRejectedError } from '../../src/sim/errors.js';
import { partitionFor, utf8 } from '../../src/sim/murmur2.js';
import { headerValue } from '../../src/sim/record.js';
import {
  DLT_HEADER_OFFSET,
  DLT_HEADER_PARTITION,
  DLT_HEADER_REASON,
  DLT_HEADER_TOPIC,
  type ValueValidator,
} from '../../src/sim/topic-config.js';
import { Admin } from '../../src/sim/clients/admin.js';
import { Producer } from '../../src/sim/clients/producer.js';

interface FixtureKey {
  key: string;
  partitions: Record<string, number>;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../fixtures/partitioning/java-murmur2-partitions.json', import.meta.url), 'utf8'),
) as { partitionCounts: number[]; keys: FixtureKey[] };

/** Accepts objects with a numeric `amount`, the shape a zod-backed serde would check. */
const amountSchema: ValueValidator = {
  validate(value) {
    const amount = (value as { amount?: unknown } | null)?.amount;
    return typeof amount === 'number' ? { ok: true, value } : { ok: false, reason: 'amount: expected number' };
  },
};

describe('Broker: offsets', () => {
  it('assigns consecutive offsets per partition from 0 and returns them in RecordMetadata', () => {
    const broker = new Broker();
    broker.createTopic('t', { partitions: 2 });
    const producer = new Producer<string, number>(broker);
    const metas = [0, 1, 2].map((v) => producer.send('t', { value: v, partition: 1 }));
    expect(metas.map((m) => [m.topic, m.partition, m.offset])).toEqual([
      ['t', 1, 0],
      ['t', 1, 1],
      ['t', 1, 2],
    ]);
    expect(producer.send('t', { value: 9, partition: 0 }).offset).toBe(0);
    expect(broker.logEndOffset('t', 1)).toBe(3);
    expect(broker.fetch('t', 1, 1).map((r) => [r.offset, r.value])).toEqual([
      [1, 1],
      [2, 2],
    ]);
    expect(broker.fetch('t', 1, 0, 2)).toHaveLength(2);
  });

  it('produces a batch in order', () => {
    const broker = new Broker();
    broker.createTopic('t');
    const metas = new Producer<string, string>(broker).send({
      topic: 't',
      messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }],
    });
    expect(metas.map((m) => m.offset)).toEqual([0, 1, 2]);
    expect(broker.records('t').map((r) => r.value)).toEqual(['a', 'b', 'c']);
  });
});

describe('Broker: partitioning', () => {
  it('puts keyed records where the Java producer would: murmur2 over the UTF-8 key', () => {
    for (const n of fixture.partitionCounts) {
      const broker = new Broker();
      broker.createTopic('t', { partitions: n });
      for (const { key, partitions } of fixture.keys) {
        const meta = broker.produce('t', { key, value: 1 });
        expect(meta.partition, `key ${JSON.stringify(key)} over ${n}`).toBe(partitions[String(n)]);
        expect(meta.partition).toBe(partitionFor(utf8(key), n));
        expect(broker.partitionForKey('t', key)).toBe(meta.partition);
      }
    }
  });

  it('sends the same key to the same partition every time', () => {
    const broker = new Broker();
    broker.createTopic('t', { partitions: 6 });
    const parts = new Set([0, 1, 2, 3].map(() => broker.produce('t', { key: 'user-1', value: 0 }).partition));
    expect(parts.size).toBe(1);
  });

  it('spreads null keys round-robin from partition 0, separately for each topic', () => {
    const broker = new Broker();
    broker.createTopic('a', { partitions: 3 });
    broker.createTopic('b', { partitions: 2 });
    const a = [1, 2, 3, 4].map(() => broker.produce('a', { value: 'x' }).partition);
    const b = [1, 2, 3].map(() => broker.produce('b', { key: null, value: 'x' }).partition);
    expect(a).toEqual([0, 1, 2, 0]);
    expect(b).toEqual([0, 1, 0]);
  });

  it('honours an explicit partition and refuses one that does not exist', () => {
    const broker = new Broker();
    broker.createTopic('t', { partitions: 2 });
    expect(broker.produce('t', { key: 'k', value: 1, partition: 1 }).partition).toBe(1);
    expect(() => broker.produce('t', { value: 1, partition: 2 })).toThrow(/partition 2 does not exist: 't' has 2/);
  });
});

describe('Broker: timestamps', () => {
  it('keeps the producer timestamp with CreateTime, defaulting to the virtual clock', () => {
    const broker = new Broker({ clock: new VirtualClock(1_000) });
    broker.createTopic('t');
    expect(broker.produce('t', { value: 1, timestamp: 5 }).timestamp).toBe(5);
    expect(broker.produce('t', { value: 2 }).timestamp).toBe(1_000);
  });

  it('stamps the virtual clock with LogAppendTime, ignoring the producer timestamp', () => {
    const clock = new VirtualClock(10_000);
    const broker = new Broker({ clock });
    broker.createTopic('t', { 'message.timestamp.type': 'LogAppendTime' });
    expect(broker.produce('t', { value: 1, timestamp: 5 }).timestamp).toBe(10_000);
    clock.advance(250);
    broker.produce('t', { value: 2, timestamp: 5 });
    expect(broker.records('t').map((r) => r.timestamp)).toEqual([10_000, 10_250]);
  });

  it('rejects a negative timestamp with a RecordRejectedError', () => {
    const broker = new Broker();
    broker.createTopic('t');
    expect(() => broker.produce('t', { value: 1, timestamp: -1 })).toThrow(RecordRejectedError);
  });
});

describe('Broker: compaction', () => {
  it('refuses a record without a key on a compacted topic, as Kafka\'s broker does', () => {
    const broker = new Broker();
    broker.createTopic('c', { 'cleanup.policy': 'compact' });
    expect(() => broker.produce('c', { value: 'no key' })).toThrow(/compacted topic cannot accept a record without a key/);
    expect(broker.logEndOffset('c', 0)).toBe(0);
  });

  it('keeps the latest record per key, drops tombstones, and preserves offsets', () => {
    const broker = new Broker();
    broker.createTopic('c', { 'cleanup.policy': 'compact' });
    const p = new Producer<string, string | null>(broker);
    p.send('c', { key: 'a', value: 'a1' }); // 0
    p.send('c', { key: 'b', value: 'b1' }); // 1
    p.send('c', { key: 'a', value: 'a2' }); // 2
    p.send('c', { key: 'c', value: 'c1' }); // 3
    p.send('c', { key: 'b', value: null }); // 4: tombstone
    p.send('c', { key: 'c', value: 'c2' }); // 5

    expect(broker.compact('c')).toBe(4);
    expect(broker.records('c').map((r) => [r.offset, r.key, r.value])).toEqual([
      [2, 'a', 'a2'],
      [5, 'c', 'c2'],
    ]);
    expect(broker.logEndOffset('c', 0)).toBe(6);
    expect(broker.logStartOffset('c', 0)).toBe(0);
    // Reading from an offset that compaction removed starts at the next record that remains.
    expect(broker.fetch('c', 0, 3).map((r) => r.offset)).toEqual([5]);
    expect(p.send('c', { key: 'a', value: 'a3' }).offset).toBe(6);
  });

  it('compacts keys by value, not identity, for structured keys', () => {
    const broker = new Broker();
    broker.createTopic('c', { 'cleanup.policy': 'compact' });
    broker.produce('c', { key: { id: 1, region: 'eu' }, value: 'v1' });
    broker.produce('c', { key: { region: 'eu', id: 1 }, value: 'v2' });
    broker.compact('c');
    expect(broker.records('c').map((r) => r.value)).toEqual(['v2']);
  });

  it('refuses to compact a delete-policy topic', () => {
    const broker = new Broker();
    broker.createTopic('d');
    expect(() => broker.compact('d')).toThrow(/cleanup.policy=delete/);
  });
});

describe('Broker: retention', () => {
  it('deletes records older than retention.ms on the virtual clock and moves the log start offset', () => {
    const clock = new VirtualClock(0);
    const broker = new Broker({ clock });
    broker.createTopic('r', { 'retention.ms': 1_000 });
    broker.createTopic('forever');
    broker.createTopic('compacted', { 'cleanup.policy': 'compact', 'retention.ms': 1_000 });
    for (const t of ['r', 'forever', 'compacted']) broker.produce(t, { key: 'k', value: 'old' });
    clock.advance(600);
    for (const t of ['r', 'forever', 'compacted']) broker.produce(t, { key: 'k', value: 'new' });

    clock.advance(500); // now 1100: the record at 0 is 1100 ms old, the one at 600 is 500 ms old
    expect(broker.enforceRetention()).toBe(1);
    expect(broker.records('r').map((r) => [r.offset, r.value])).toEqual([[1, 'new']]);
    expect(broker.logStartOffset('r', 0)).toBe(1);
    expect(broker.fetch('r', 0, 0).map((r) => r.offset)).toEqual([1]);
    expect(broker.records('forever')).toHaveLength(2);
    expect(broker.records('compacted')).toHaveLength(2);

    clock.advance(1_000);
    broker.enforceRetention();
    expect(broker.records('r')).toEqual([]);
    expect(broker.logStartOffset('r', 0)).toBe(2);
    expect(broker.logEndOffset('r', 0)).toBe(2);
    expect(broker.produce('r', { value: 'next' }).offset).toBe(2);
  });
});

describe('Broker: schema rejection and dead letters', () => {
  it('routes a record that fails the schema to the dead-letter topic with the reason and origin in headers', () => {
    const broker = new Broker();
    broker.createTopic('payments', { partitions: 1, valueSchema: amountSchema, deadLetterTopic: 'payments.dlt' });
    broker.produce('payments', { key: 'k', value: { amount: 1 } });
    const meta = broker.produce('payments', {
      key: 'k',
      value: { amount: 'ten' },
      headers: [{ key: 'trace', value: 't-1' }],
    });

    expect(meta.topic).toBe('payments.dlt');
    expect(broker.logEndOffset('payments', 0)).toBe(1);
    const [dead] = broker.records('payments.dlt');
    expect(dead?.value).toEqual({ amount: 'ten' });
    expect(dead?.key).toBe('k');
    expect(headerValue(dead!.headers, DLT_HEADER_REASON)).toBe('amount: expected number');
    expect(headerValue(dead!.headers, DLT_HEADER_TOPIC)).toBe('payments');
    expect(headerValue(dead!.headers, DLT_HEADER_PARTITION)).toBe('0');
    expect(headerValue(dead!.headers, DLT_HEADER_OFFSET)).toBe('1');
    expect(headerValue(dead!.headers, 'trace')).toBe('t-1');
  });

  it('accepts tombstones on a schema topic', () => {
    const broker = new Broker();
    broker.createTopic('p', { valueSchema: amountSchema });
    expect(broker.produce('p', { key: 'k', value: null }).offset).toBe(0);
  });

  it('throws a RecordRejectedError naming topic, partition, offset and reason without a dead-letter topic', () => {
    const broker = new Broker();
    broker.createTopic('payments', { partitions: 2, valueSchema: amountSchema });
    broker.produce('payments', { value: { amount: 1 }, partition: 1 });
    let caught: unknown;
    try {
      broker.produce('payments', { value: { amount: 'x' }, partition: 1 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RecordRejectedError);
    const err = caught as RecordRejectedError;
    expect([err.topic, err.partition, err.offset, err.reason]).toEqual(['payments', 1, 1, 'amount: expected number']);
    expect(err.message).toBe('record rejected on payments-1 at offset 1: amount: expected number');
    expect(broker.logEndOffset('payments', 1)).toBe(1);
  });
});

describe('Broker: errors and admin', () => {
  it('names the unknown topic or partition', () => {
    const broker = new Broker();
    broker.createTopic('t', { partitions: 2 });
    expect(() => broker.produce('nope', { value: 1 })).toThrow(/cannot produce to unknown topic 'nope'/);
    expect(() => broker.fetch('nope', 0, 0)).toThrow(/unknown topic 'nope'/);
    expect(() => broker.fetch('t', 5, 0)).toThrow(/partition 5 does not exist: 't' has 2/);
    expect(() => broker.fetch('t', 5, 0)).toThrow(BrokerError);
    expect(() => broker.createTopic('t')).toThrow(/already exists/);
    expect(() => broker.createTopic('bad name')).toThrow(/illegal topic name/);
    expect(() => broker.createTopic('z', { partitions: 0 })).toThrow(/positive integer/);
    expect(() => broker.deleteTopic('nope')).toThrow(/unknown topic 'nope'/);
  });

  it('creates topics on first produce when autoCreateTopics is on', () => {
    const broker = new Broker({ autoCreateTopics: true, defaultPartitions: 3 });
    broker.produce('fresh', { value: 1 });
    expect(broker.partitionCount('fresh')).toBe(3);
  });

  it('creates, describes, lists and deletes topics and lists offsets through Admin', () => {
    const clock = new VirtualClock(100);
    const broker = new Broker({ clock });
    const admin = new Admin(broker);
    admin.createTopics([{ name: 'b', partitions: 2 }, { name: 'a', 'cleanup.policy': 'compact' }]);
    expect(() => admin.createTopics([{ name: 'c' }, { name: 'a' }])).toThrow(/'a' already exists/);
    expect(broker.hasTopic('c')).toBe(false);
    expect(admin.listTopics()).toEqual(['a', 'b']);
    const [b] = admin.describeTopics(['b']);
    expect(b?.partitions.map((p) => p.partition)).toEqual([0, 1]);
    expect(admin.describeTopics(['a'])[0]?.config['cleanup.policy']).toBe('compact');

    broker.produce('b', { value: 1, partition: 0, timestamp: 10 });
    broker.produce('b', { value: 2, partition: 0, timestamp: 20 });
    expect(admin.listOffsets('b', 'latest')).toEqual([
      { topic: 'b', partition: 0, offset: 2 },
      { topic: 'b', partition: 1, offset: 0 },
    ]);
    expect(admin.listOffsets([{ topic: 'b', partition: 0 }], 'earliest')).toEqual([{ topic: 'b', partition: 0, offset: 0 }]);
    expect(admin.listOffsets([{ topic: 'b', partition: 0 }], { timestamp: 15 })[0]?.offset).toBe(1);
    expect(admin.listOffsets([{ topic: 'b', partition: 0 }], { timestamp: 99 })[0]?.offset).toBe(-1);

    admin.deleteTopics(['a']);
    expect(admin.listTopics()).toEqual(['b']);
    expect(() => admin.deleteTopics(['a'])).toThrow(/unknown topic 'a'/);
  });
});
