import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Consumed, DLT_HEADER_REASON, RecordRejectedError, Serdes, StreamsBuilder, TestDriver, TopologyError } from '../../src/index.js';

const Order = z.object({ id: z.string(), amount: z.number().positive() });

function passThrough(consumed = Consumed.with(Serdes.String(), Serdes.ZodJson(Order))) {
  const b = new StreamsBuilder();
  b.stream('orders', consumed).to('accepted');
  return b;
}

describe('bad input is never dropped silently', () => {
  it('a record its zod serde rejects raises an error naming topic, partition, offset and reason', () => {
    const driver = new TestDriver(passThrough(), { partitions: 3 });
    const orders = driver.createInputTopic<string, unknown>('orders');
    orders.pipeInput('o-1', { id: 'o-1', amount: 5 }, 1);
    let caught: unknown;
    try {
      orders.pipeInput('o-2', { id: 'o-2', amount: -1 }, 2);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RecordRejectedError);
    const e = caught as RecordRejectedError;
    expect(e.topic).toBe('orders');
    expect(e.partition).toBe(driver.broker.partitionForKey('orders', 'o-2'));
    expect(e.offset).toBe(driver.broker.logEndOffset('orders', e.partition));
    expect(e.message).toMatch(/^record rejected on orders-\d at offset \d+: .*amount/);
    expect(driver.createOutputTopic('accepted').readKeyValuesToList()).toEqual([{ key: 'o-1', value: { id: 'o-1', amount: 5 } }]);
  });

  it('with a dead-letter topic configured, the record goes there with the reason in a header', () => {
    const driver = new TestDriver(passThrough(), { topicConfig: { orders: { deadLetterTopic: 'orders-dlt' } } });
    const orders = driver.createInputTopic<string, unknown>('orders');
    orders.pipeInput('o-2', { id: 'o-2', amount: 'lots' }, 2);
    const dead = driver.broker.records('orders-dlt');
    expect(dead).toHaveLength(1);
    expect(dead[0]!.value).toEqual({ id: 'o-2', amount: 'lots' });
    const reason = dead[0]!.headers.find((h) => h.key === DLT_HEADER_REASON)?.value;
    expect(reason).toMatch(/amount: .*expected number/);
    expect(driver.createOutputTopic('accepted').isEmpty()).toBe(true);
  });

  it('a value the topic serde cannot write (Kafka IntegerSerializer) is refused', () => {
    const driver = new TestDriver(passThrough(Consumed.with(Serdes.String(), Serdes.Integer()) as never));
    const orders = driver.createInputTopic<string, unknown>('orders');
    expect(() => orders.pipeInput('k', 'not a number', 1)).toThrow(RecordRejectedError);
    expect(() => orders.pipeInput('k', 2 ** 40, 1)).toThrow(/value: /);
    orders.pipeInput('k', 7, 1);
    expect(driver.createOutputTopic('accepted').readValue()).toBe(7);
  });

  it('joining topics with different partition counts fails at once and says what to change', () => {
    const b = new StreamsBuilder();
    const left = b.stream<string, number>('left');
    const right = b.table<string, number>('right');
    left.join(right, (l, r) => l + (r ?? 0)).to('joined');
    expect(() => new TestDriver(b, { partitions: { left: 2, right: 3 } })).toThrow(TopologyError);
    expect(() => new TestDriver(b, { partitions: { left: 2, right: 3 } })).toThrow(/not co-partitioned.*repartition/);
  });
});
