import { keyId } from '../key-id.js';
import type { CapturedTopic, CaptureReader } from './captured-topic.js';
import type { KeyValue } from '../stores/key-value.js';
import type { TestRecord } from './test-record.js';

/** Reads, in production order, the records the topology wrote to one topic (Kafka's TestOutputTopic). */
export class TestOutputTopic<K = unknown, V = unknown> {
  private readonly reader: CaptureReader;

  constructor(
    readonly name: string,
    private readonly captured: CapturedTopic,
  ) {
    this.reader = captured.addReader();
  }

  readRecord(): TestRecord<K, V> {
    const r = this.captured.at(this.reader.position);
    if (r === undefined) throw new Error(`no more records in output topic '${this.name}' (read ${this.reader.position})`);
    this.reader.position++;
    this.captured.release(this.reader.position);
    return { key: r.key as K, value: r.value as V, timestamp: r.timestamp, headers: r.headers, topic: r.topic, partition: r.partition, offset: r.offset };
  }

  readValue(): V {
    return this.readRecord().value;
  }

  readKeyValue(): KeyValue<K, V> {
    const r = this.readRecord();
    return { key: r.key, value: r.value };
  }

  readRecordsToList(): TestRecord<K, V>[] {
    const out: TestRecord<K, V>[] = [];
    while (!this.isEmpty()) out.push(this.readRecord());
    return out;
  }

  readValuesToList(): V[] {
    return this.readRecordsToList().map((r) => r.value);
  }

  readKeyValuesToList(): KeyValue<K, V>[] {
    return this.readRecordsToList().map((r) => ({ key: r.key, value: r.value }));
  }

  /** The latest value per key; a null value (tombstone) removes the key, as Kafka's readKeyValuesToMap. */
  readKeyValuesToMap(): Map<K, V> {
    // Keys compare by value (windowed and struct keys are objects), as Kafka compares them with equals().
    const byId = new Map<string, KeyValue<K, V>>();
    for (const r of this.readRecordsToList()) {
      const id = keyId(r.key);
      if (r.value === null || r.value === undefined) byId.delete(id);
      else byId.set(id, { key: byId.get(id)?.key ?? r.key, value: r.value });
    }
    return new Map([...byId.values()].map((kv) => [kv.key, kv.value]));
  }

  getQueueSize(): number {
    return this.captured.end - this.reader.position;
  }

  isEmpty(): boolean {
    return this.getQueueSize() === 0;
  }
}
