/**
 * Generated records as the bytes a Kafka producer sends: keys as the simulator serializes them for partitioning
 * (a string key is its UTF-8, as Kafka's StringSerializer writes it), values as JSON bytes (the scenarios' topics
 * hold JSON values), timestamps kept, and each record's partition chosen as the simulator's broker chooses it, so
 * that a topic on a real cluster holds the same records in the same partitions as on the in-memory broker.
 */
import type { GeneratedRecord } from '../scenarios/common/index.js';
import { defaultKeyBytes } from '../sim/key-id.js';
import { partitionFor } from '../sim/murmur2.js';
import type { Headers } from '../sim/record.js';
import { Serdes } from '../sim/serde.js';

/** One record on the wire, in the shape kafkajs' `Message` takes (timestamp as epoch-ms text). */
export interface WireMessage {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  readonly partition: number;
  readonly headers?: Record<string, Buffer | string | (Buffer | string)[]>;
}

const jsonValues = Serdes.Json<unknown>();

const asBuffer = (bytes: Uint8Array | null): Buffer | null => (bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

/** kafkajs' headers object: a key that repeats becomes an array (in order); a null header value has no wire form there. */
function wireHeaders(headers: Headers): Record<string, Buffer | string | (Buffer | string)[]> {
  const out: Record<string, Buffer | string | (Buffer | string)[]> = {};
  for (const h of headers) {
    if (h.value === null) continue;
    const v = typeof h.value === 'string' ? h.value : asBuffer(h.value)!;
    const prev = out[h.key];
    out[h.key] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
  }
  return out;
}

/**
 * Places records as the simulator's broker does: an explicit partition wins, a keyed record goes to
 * murmur2(key bytes) mod partitions (Kafka's BuiltInPartitioner, which is kafkajs' DefaultPartitioner too), and
 * keyless records go round-robin from partition 0, per topic.
 */
export class WirePlacement {
  private readonly nextKeyless = new Map<string, number>();

  constructor(private readonly partitionsOf: (topic: string) => number) {}

  message(r: GeneratedRecord): WireMessage {
    const partitions = this.partitionsOf(r.topic);
    const key = defaultKeyBytes(r.key);
    let partition: number;
    if (r.partition !== undefined) {
      if (r.partition >= partitions) throw new RangeError(`a generated record of '${r.topic}' names partition ${r.partition}, but the topic has ${partitions}`);
      partition = r.partition;
    } else if (key === null) {
      partition = this.nextKeyless.get(r.topic) ?? 0;
      this.nextKeyless.set(r.topic, (partition + 1) % partitions);
    } else {
      partition = partitionFor(key, partitions);
    }
    return {
      key: asBuffer(key),
      value: asBuffer(jsonValues.serialize(r.topic, r.value ?? null)),
      timestamp: String(r.timestamp),
      partition,
      ...(r.headers === undefined || r.headers.length === 0 ? {} : { headers: wireHeaders(r.headers) }),
    };
  }
}
