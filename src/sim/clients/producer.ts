import type { Broker } from '../broker.js';
import { BrokerError } from '../errors.js';
import type { ProducerRecord, RecordMetadata } from '../record.js';

export interface ProducerOptions {
  /** client.id, for diagnostics. Default 'producer'. */
  readonly clientId?: string;
}

/** A batch for one topic, like KafkaJS's `send({ topic, messages })`. */
export interface ProducerBatch<K, V> {
  readonly topic: string;
  readonly messages: ReadonlyArray<ProducerRecord<K, V>>;
}

/**
 * Kafka's producer over the virtual broker. Sends are synchronous and acknowledged at once (acks=all with no
 * replication to wait for), so `send` returns the RecordMetadata instead of a future. Values stay typed: only the
 * broker serializes the key, to pick its partition with murmur2 as the Java partitioner does.
 */
export class Producer<K = unknown, V = unknown> {
  readonly clientId: string;
  private closed = false;

  constructor(
    readonly broker: Broker,
    options: ProducerOptions = {},
  ) {
    this.clientId = options.clientId ?? 'producer';
  }

  /** Sends one record to `topic`. */
  send(topic: string, record: ProducerRecord<K, V>): RecordMetadata;
  /**
   * Sends a batch in order. Records are appended one by one, so a record the broker rejects (RecordRejectedError)
   * stops the batch after the ones before it were written, as per-record errors do in Kafka.
   */
  send(batch: ProducerBatch<K, V>): RecordMetadata[];
  send(topicOrBatch: string | ProducerBatch<K, V>, record?: ProducerRecord<K, V>): RecordMetadata | RecordMetadata[] {
    if (this.closed) throw new BrokerError(`producer '${this.clientId}' is closed`);
    if (typeof topicOrBatch === 'string') {
      if (record === undefined) throw new BrokerError(`send('${topicOrBatch}'): missing the record`);
      return this.broker.produce(topicOrBatch, record);
    }
    return topicOrBatch.messages.map((m) => this.broker.produce(topicOrBatch.topic, m));
  }

  /** Nothing is buffered: every send is already on the broker. */
  flush(): void {}

  close(): void {
    this.closed = true;
  }
}
