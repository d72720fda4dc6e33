import { Materialized, type KStream, type KTable, type StreamsBuilder } from '../../streams/index.js';
import { TOPIC_EVENTS, type Event } from './schemas.js';

/**
 * Source nodes shared by the apps built on one StreamsBuilder. As in Kafka, a topic can feed only one source node
 * per topology, so the U-functions of one application (U2 and U3, U5 and U6, ...) share each input's source.
 */
const streamsByBuilder = new WeakMap<StreamsBuilder, Map<string, KStream<unknown, unknown>>>();
const tablesByBuilder = new WeakMap<StreamsBuilder, Map<string, KTable<unknown, unknown>>>();

function cached<T>(registry: WeakMap<StreamsBuilder, Map<string, T>>, builder: StreamsBuilder, topic: string, make: () => T): T {
  let byTopic = registry.get(builder);
  if (byTopic === undefined) {
    byTopic = new Map();
    registry.set(builder, byTopic);
  }
  let source = byTopic.get(topic);
  if (source === undefined) {
    source = make();
    byTopic.set(topic, source);
  }
  return source;
}

/** The builder's stream of an input topic (created on first use). */
export function sourceStream<K, V>(builder: StreamsBuilder, topic: string): KStream<K, V> {
  return cached(streamsByBuilder, builder, topic, () => builder.stream<unknown, unknown>(topic)) as KStream<K, V>;
}

/** The builder's table of an input topic, materialized as `<topic>-table` (created on first use). */
export function sourceTable<K, V>(builder: StreamsBuilder, topic: string): KTable<K, V> {
  return cached(tablesByBuilder, builder, topic, () => builder.table<unknown, unknown>(topic, {}, Materialized.as(`${topic}-table`))) as KTable<
    K,
    V
  >;
}

/**
 * The events as a changelog stream (a tombstone has a null value). Read through the events table, since apps that
 * join tickets to events need the table and one topic cannot feed two sources.
 */
export function eventChanges(builder: StreamsBuilder): KStream<string, Event | null> {
  return sourceTable<string, Event>(builder, TOPIC_EVENTS).toStream();
}
