/**
 * What an application instance has produced since its last flush (sinks, repartition topics, changelogs), encoded
 * for kafkajs and kept in order per topic, then handed out as produce calls small enough for the broker.
 */
import type { Message, TopicMessages } from 'kafkajs';
import type { Headers } from '../sim/record.js';
import { encodeRecord, type TopicSerdes } from './wire-codec.js';

/** Payload bytes per produce call, well under the broker's 1 MiB message.max.bytes per partition batch. */
const MAX_CALL_BYTES = 512 * 1024;

export class OutgoingRecords {
  private byTopic = new Map<string, Message[]>();
  /** Records handed out by take() so far. */
  taken = 0;

  get isEmpty(): boolean {
    return this.byTopic.size === 0;
  }

  add(topic: string, partition: number, key: unknown, value: unknown, timestampMs: number, headers: Headers, serdes: TopicSerdes): void {
    const e = encodeRecord(topic, key, value, headers, serdes);
    let list = this.byTopic.get(topic);
    if (list === undefined) this.byTopic.set(topic, (list = []));
    list.push({ key: e.key, value: e.value, partition, timestamp: String(timestampMs), ...(e.headers === undefined ? {} : { headers: e.headers }) });
  }

  /** Drops everything not yet taken (a crash, a reset from Kafka). */
  clear(): void {
    this.byTopic = new Map();
  }

  /** Everything added, as produce calls under MAX_CALL_BYTES each, in order (per-partition order is what Kafka keeps). */
  take(): TopicMessages[][] {
    const out = this.byTopic;
    this.byTopic = new Map();
    const calls: TopicMessages[][] = [];
    let call: TopicMessages[] = [];
    let bytes = 0;
    for (const [topic, messages] of out) {
      let start = 0;
      for (let i = 0; i < messages.length; i++) {
        const m = messages[i]!;
        const size = (m.key?.length ?? 0) + (m.value === null || m.value === undefined ? 0 : m.value.length);
        if (bytes + size > MAX_CALL_BYTES && (i > start || call.length > 0)) {
          if (i > start) call.push({ topic, messages: messages.slice(start, i) });
          calls.push(call);
          call = [];
          bytes = 0;
          start = i;
        }
        bytes += size;
      }
      if (messages.length > start) call.push({ topic, messages: messages.slice(start) });
      this.taken += messages.length;
    }
    if (call.length > 0) calls.push(call);
    return calls;
  }
}
