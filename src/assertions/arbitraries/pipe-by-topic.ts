import type { TestDriver } from '../../sim/driver/test-driver.js';
import type { TestInputTopic } from '../../sim/driver/test-input-topic.js';
import type { AppendedRecord } from './faults.js';

/** Sends a history record into the driver's input topic of the same name, with its key, value and timestamp. */
export function pipeByTopic<V>(driver: TestDriver): (record: AppendedRecord<V>) => void {
  const topics = new Map<string, TestInputTopic<string, V>>();
  return (r) => {
    let topic = topics.get(r.topic);
    if (topic === undefined) topics.set(r.topic, (topic = driver.createInputTopic<string, V>(r.topic)));
    topic.pipeInput(r.key, r.value, r.timestamp);
  };
}
