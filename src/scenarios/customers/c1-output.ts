import type { Broker } from '../../sim/broker.js';

/**
 * Keeps the C1 push query's rows as a topic. ksqlDB streams a push query's rows to the client and writes no
 * topic; the SqlEngine plans one into a private `_confluent-ksql-transient_N` topic. A scenario's outputs are
 * topics, so every new record of that private topic is copied, unchanged (null key, `{NOME, …}` value,
 * timestamp), to `target`, partition by partition.
 */
export class PushQueryMirror {
  private readonly next: number[] = [];

  constructor(
    private readonly broker: Broker,
    private readonly source: string,
    private readonly target: string,
  ) {
    broker.ensureTopic(target, { partitions: 1 });
  }

  /** Copies what the push query emitted since the last call; returns how many records were copied. */
  copy(): number {
    let copied = 0;
    for (let p = 0; p < this.broker.partitionCount(this.source); p++) {
      const records = this.broker.fetch(this.source, p, this.next[p] ?? 0);
      for (const r of records) this.broker.produce(this.target, { key: r.key, value: r.value, timestamp: r.timestamp, partition: 0 });
      this.next[p] = (this.next[p] ?? 0) + records.length;
      copied += records.length;
    }
    return copied;
  }
}
