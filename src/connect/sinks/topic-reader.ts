import type { Broker } from '../../sim/broker.js';
import type { StoredRecord } from '../../sim/record.js';

/**
 * A sink task's consumer: one position per topic partition, starting at the log start (a new connector's consumer
 * group reads from the earliest offset). Topics that do not exist yet are skipped until they do, and partitions
 * added later are picked up. Reads are in topic order, then partition order, then offset order — deterministic,
 * which a real consumer is not across partitions; sinks only rely on the order within one partition.
 */
export class TopicReader {
  private readonly positions = new Map<string, number[]>();

  constructor(
    private readonly broker: Broker,
    readonly topics: readonly string[],
  ) {
    if (new Set(topics).size !== topics.length) throw new RangeError(`duplicate topic in ${JSON.stringify(topics)}`);
  }

  /** Hands every record appended since the last poll to `handle`; returns how many there were. */
  poll(handle: (record: StoredRecord) => void): number {
    let n = 0;
    for (const topic of this.topics) {
      if (!this.broker.hasTopic(topic)) continue;
      let positions = this.positions.get(topic);
      if (positions === undefined) this.positions.set(topic, (positions = []));
      for (let p = 0; p < this.broker.partitionCount(topic); p++) {
        // Kafka's auto.offset.reset=earliest: a position below the log start (retention) jumps to it.
        let position = Math.max(positions[p] ?? 0, this.broker.logStartOffset(topic, p));
        for (const record of this.broker.fetch(topic, p, position)) {
          handle(record);
          position = record.offset + 1;
          n++;
        }
        positions[p] = position;
      }
    }
    return n;
  }

  /**
   * Moves a partition's position (KafkaConsumer.seek): the next poll re-delivers from `offset`, as a task restarted
   * from an older committed offset would.
   */
  seek(topic: string, partition: number, offset: number): void {
    if (!this.topics.includes(topic)) throw new RangeError(`not a followed topic: ${topic}`);
    let positions = this.positions.get(topic);
    if (positions === undefined) this.positions.set(topic, (positions = []));
    positions[partition] = offset;
  }

  /** The next offset to read per partition of a topic (what a committed consumer offset would be). */
  position(topic: string, partition: number): number {
    return this.positions.get(topic)?.[partition] ?? 0;
  }
}
