import { describe, expect, it } from 'vitest';
import { Broker } from '../../src/sim/broker.js';
import { VirtualClock } from '../../src/sim/clock.js';
import {
  Consumer,
  NoOffsetForPartitionError,
  OffsetOutOfRangeError,
  Producer,
  type ConsumerRecord,
  type TopicPartition,
} from '../../src/sim/clients/index.js';

const tp = (topic: string, partition: number): TopicPartition => ({ topic, partition });
const ids = (records: ConsumerRecord[]): string[] => records.map((r) => `${r.partition}:${r.offset}`);

/** A topic with `perPartition` records in each of `partitions` partitions, values `${p}-${i}`. */
function seeded(partitions: number, perPartition: number, clock = new VirtualClock()): Broker {
  const broker = new Broker({ clock });
  broker.createTopic('t', { partitions });
  const producer = new Producer<string, string>(broker);
  for (let p = 0; p < partitions; p++) {
    for (let i = 0; i < perPartition; i++) producer.send('t', { value: `${p}-${i}`, partition: p });
  }
  return broker;
}

describe('Consumer: poll order', () => {
  it('reads an assigned partition in offset order and advances the position', () => {
    const broker = seeded(1, 3);
    const c = new Consumer<string, string>(broker, { autoOffsetReset: 'earliest' });
    c.assign([tp('t', 0)]);
    expect(c.poll().map((r) => r.value)).toEqual(['0-0', '0-1', '0-2']);
    expect(c.position(tp('t', 0))).toBe(3);
    expect(c.poll()).toEqual([]);
  });

  it('serves partitions round-robin in assignment order, resuming after the last one served', () => {
    const broker = seeded(3, 3);
    const c = new Consumer(broker, { autoOffsetReset: 'earliest' });
    c.assign([tp('t', 0), tp('t', 1), tp('t', 2)]);
    const polls = [1, 2, 3, 4, 5, 6].map(() => ids(c.poll(2)));
    expect(polls).toEqual([
      ['0:0', '0:1'],
      ['1:0', '1:1'],
      ['2:0', '2:1'],
      ['0:2', '1:2'],
      ['2:2'],
      [],
    ]);
  });

  it('follows the order given to assign()', () => {
    const broker = seeded(3, 1);
    const c = new Consumer(broker, { autoOffsetReset: 'earliest' });
    c.assign([tp('t', 2), tp('t', 0), tp('t', 1)]);
    expect(ids(c.poll())).toEqual(['2:0', '0:0', '1:0']);
  });

  it('interleaves partitions within one poll with maxPartitionFetchRecords', () => {
    const broker = seeded(2, 3);
    const c = new Consumer(broker, { autoOffsetReset: 'earliest', maxPartitionFetchRecords: 1, maxPollRecords: 4 });
    c.assign([tp('t', 0), tp('t', 1)]);
    expect(ids(c.poll())).toEqual(['0:0', '1:0']);
    expect(ids(c.poll())).toEqual(['0:1', '1:1']);
  });

  it('is deterministic: two identical runs return identical batches', () => {
    const run = (): string[][] => {
      const broker = seeded(4, 5);
      const c = new Consumer(broker, { autoOffsetReset: 'earliest', maxPollRecords: 3 });
      c.assign([0, 1, 2, 3].map((p) => tp('t', p)));
      return Array.from({ length: 8 }, () => ids(c.poll()));
    };
    expect(run()).toEqual(run());
  });
});

describe('Consumer: positions and seeks', () => {
  it('starts at the log end with latest and at the log start with earliest', () => {
    const broker = seeded(1, 2);
    const latest = new Consumer(broker, { autoOffsetReset: 'latest' });
    latest.assign([tp('t', 0)]);
    expect(latest.position(tp('t', 0))).toBe(2);
    expect(latest.poll()).toEqual([]);
    broker.produce('t', { value: 'new' });
    expect(latest.poll().map((r) => r.value)).toEqual(['new']);

    const earliest = new Consumer(broker, { autoOffsetReset: 'earliest' });
    earliest.assign([tp('t', 0)]);
    expect(earliest.position(tp('t', 0))).toBe(0);
  });

  it('throws a clear error with auto.offset.reset=none and no committed offset', () => {
    const broker = seeded(1, 2);
    const c = new Consumer(broker, { groupId: 'g', autoOffsetReset: 'none' });
    c.assign([tp('t', 0)]);
    expect(() => c.poll()).toThrow(NoOffsetForPartitionError);
    expect(() => c.position(tp('t', 0))).toThrow(/no committed offset for t-0 and auto.offset.reset is 'none'/);
    c.seek(tp('t', 0), 1);
    expect(ids(c.poll())).toEqual(['0:1']);
  });

  it('seeks to an offset, and to the beginning or end lazily (evaluated at the next poll)', () => {
    const broker = seeded(1, 3);
    const c = new Consumer(broker, { autoOffsetReset: 'earliest' });
    c.assign([tp('t', 0)]);
    c.seek(tp('t', 0), 2);
    expect(ids(c.poll())).toEqual(['0:2']);
    c.seekToBeginning();
    expect(ids(c.poll())).toEqual(['0:0', '0:1', '0:2']);
    c.seekToEnd([tp('t', 0)]);
    broker.produce('t', { value: 'before the poll' }); // offset 3: the end is read when poll() runs
    expect(c.poll()).toEqual([]);
    expect(c.position(tp('t', 0))).toBe(4);
    expect(() => c.seek(tp('t', 1), 0)).toThrow(/t-1 is not assigned/);
    expect(() => c.seek(tp('t', 0), -1)).toThrow(/integer >= 0/);
  });

  it('resets a position that retention deleted, per auto.offset.reset', () => {
    const clock = new VirtualClock();
    const broker = new Broker({ clock });
    broker.createTopic('t', { 'retention.ms': 1_000 });
    for (let i = 0; i < 5; i++) broker.produce('t', { value: i });
    clock.advance(500);
    for (let i = 5; i < 8; i++) broker.produce('t', { value: i });

    const make = (reset: 'earliest' | 'latest' | 'none'): Consumer => {
      const c = new Consumer(broker, { autoOffsetReset: reset });
      c.assign([tp('t', 0)]);
      c.seek(tp('t', 0), 2);
      return c;
    };
    const earliest = make('earliest');
    const latest = make('latest');
    const none = make('none');
    clock.advance(600); // records at t=0 are now 1100 ms old
    broker.enforceRetention();
    expect(broker.logStartOffset('t', 0)).toBe(5);

    expect(earliest.poll().map((r) => r.offset)).toEqual([5, 6, 7]);
    expect(latest.poll()).toEqual([]);
    expect(latest.position(tp('t', 0))).toBe(8);
    expect(() => none.poll()).toThrow(OffsetOutOfRangeError);
    expect(() => none.poll()).toThrow(/offset 2 is out of range for t-0 \(log start 5, log end 8\)/);
  });

  it('resets a seek past the log end', () => {
    const broker = seeded(1, 2);
    const c = new Consumer(broker, { autoOffsetReset: 'earliest' });
    c.assign([tp('t', 0)]);
    c.seek(tp('t', 0), 10);
    expect(ids(c.poll())).toEqual(['0:0', '0:1']);
  });

  it('reads across compaction gaps and steps over a compacted tail', () => {
    const broker = new Broker();
    broker.createTopic('c', { 'cleanup.policy': 'compact' });
    broker.produce('c', { key: 'a', value: 1 }); // 0
    broker.produce('c', { key: 'a', value: 2 }); // 1
    broker.produce('c', { key: 'b', value: 3 }); // 2
    broker.produce('c', { key: 'b', value: null }); // 3
    broker.compact('c');
    const c = new Consumer(broker, { autoOffsetReset: 'earliest' });
    c.assign([tp('c', 0)]);
    expect(c.poll().map((r) => [r.offset, r.value])).toEqual([[1, 2]]);
    expect(c.position(tp('c', 0))).toBe(4);
  });
});

describe('Consumer: commits', () => {
  it('commits the positions by default and explicit offsets when given', () => {
    const broker = seeded(2, 3);
    const c = new Consumer(broker, { groupId: 'g', autoOffsetReset: 'earliest' });
    c.assign([tp('t', 0), tp('t', 1)]);
    expect(c.committed(tp('t', 0))).toBeUndefined();
    c.poll(4);
    c.commitSync();
    expect([c.committed(tp('t', 0)), c.committed(tp('t', 1))]).toEqual([3, 1]);
    c.commitSync([{ topic: 't', partition: 1, offset: 2, metadata: 'manual' }]);
    expect(c.committed(tp('t', 1))).toBe(2);
    expect(() => c.commitSync([{ topic: 't', partition: 9, offset: 0 }])).toThrow(/partition 9: 't' has 2/);
  });

  it('resumes from the committed offset in a new consumer of the group', () => {
    const broker = seeded(1, 5);
    const first = new Consumer(broker, { groupId: 'g', autoOffsetReset: 'earliest' });
    first.assign([tp('t', 0)]);
    first.poll(2);
    first.commitSync();
    first.close();
    const second = new Consumer(broker, { groupId: 'g', autoOffsetReset: 'none' });
    second.assign([tp('t', 0)]);
    expect(second.poll().map((r) => r.offset)).toEqual([2, 3, 4]);
  });

  it('needs a groupId to commit or subscribe', () => {
    const broker = seeded(1, 1);
    const c = new Consumer(broker);
    c.assign([tp('t', 0)]);
    expect(() => c.commitSync()).toThrow(/commitSync\(\) needs a groupId/);
    expect(() => new Consumer(broker).subscribe(['t'])).toThrow(/subscribe\(\) needs a groupId/);
  });

  it('auto-commits every autoCommitIntervalMs of virtual time, at the next poll', () => {
    const clock = new VirtualClock();
    const broker = seeded(1, 4, clock);
    const c = new Consumer(broker, { groupId: 'g', autoOffsetReset: 'earliest', enableAutoCommit: true, autoCommitIntervalMs: 1_000 });
    c.assign([tp('t', 0)]);
    c.poll(2);
    expect(c.committed(tp('t', 0))).toBeUndefined();
    clock.advance(1_000);
    c.poll(1); // commits what the previous polls returned, then fetches
    expect(c.committed(tp('t', 0))).toBe(2);
    c.close(); // commits on close
    expect(new Consumer(broker, { groupId: 'g' }).committed(tp('t', 0))).toBe(3);
  });
});

describe('Consumer: flow control and lifecycle', () => {
  it('skips paused partitions and keeps their positions', () => {
    const broker = seeded(2, 2);
    const c = new Consumer(broker, { autoOffsetReset: 'earliest' });
    c.assign([tp('t', 0), tp('t', 1)]);
    c.pause([tp('t', 0)]);
    expect(c.paused()).toEqual([tp('t', 0)]);
    expect(ids(c.poll())).toEqual(['1:0', '1:1']);
    c.resume([tp('t', 0)]);
    expect(ids(c.poll())).toEqual(['0:0', '0:1']);
    expect(() => c.pause([tp('t', 7)])).toThrow(/t-7 is not assigned/);
  });

  it('refuses mixing subscribe and assign, polling with nothing, and use after close', () => {
    const broker = seeded(1, 1);
    const c = new Consumer(broker, { groupId: 'g' });
    expect(() => c.poll()).toThrow(/not subscribed to any topic nor assigned any partition/);
    c.assign([tp('t', 0)]);
    expect(() => c.subscribe(['t'])).toThrow(/mutually exclusive/);
    expect(() => c.assign([tp('missing', 0)])).toThrow(/unknown topic 'missing'/);
    expect(() => c.assign([tp('t', 3)])).toThrow(/partition 3 does not exist: 't' has 1/);
    c.unsubscribe();
    expect(c.assignment()).toEqual([]);
    c.subscribe(['t']);
    expect(() => c.assign([tp('t', 0)])).toThrow(/mutually exclusive/);
    c.close();
    expect(() => c.poll()).toThrow(/closed/);
  });

  it('skips an assigned partition whose topic was deleted', () => {
    const broker = seeded(1, 1);
    broker.createTopic('other');
    broker.produce('other', { value: 'x' });
    const c = new Consumer(broker, { autoOffsetReset: 'earliest' });
    c.assign([tp('t', 0), tp('other', 0)]);
    broker.deleteTopic('t');
    expect(c.poll().map((r) => r.value)).toEqual(['x']);
  });
});
