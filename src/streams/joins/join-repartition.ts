import type { BuilderContext } from '../internal/builder-context.js';
import { addRepartition } from '../internal/repartition.js';
import type { KStream } from '../kstream.js';

/** Where a join reads one side from: its node and the topics whose partitions hold its keys. */
export interface JoinInput {
  readonly nodeName: string;
  readonly copartitionTopics: readonly string[];
}

/** Repartition topics already made for joins, per builder: topic -> the node it repartitions and its source. */
const madeForJoins = new WeakMap<BuilderContext, Map<string, { parent: string; sourceNode: string }>>();

/**
 * Kafka's KStreamImpl#repartitionForJoin: a side whose key may have changed goes through
 * `<baseName>-repartition` first. Null keys pass (Kafka 3.7+, KIP-962: left/outer joins keep them; the join
 * processor drops them otherwise). A second join of the same stream reuses its repartition topic, still
 * burning the three generated names (sink, filter, source) as Kafka does, so later names stay stable.
 */
export function joinInput<K, V>(stream: KStream<K, V>, baseName: string): JoinInput {
  if (!stream.repartitionRequired) return { nodeName: stream.nodeName, copartitionTopics: stream.copartitionTopics };
  const ctx = stream.ctx;
  let made = madeForJoins.get(ctx);
  if (made === undefined) madeForJoins.set(ctx, (made = new Map()));
  const topic = `${baseName}-repartition`;
  const existing = made.get(topic);
  if (existing !== undefined && existing.parent === stream.nodeName) {
    for (const prefix of ['KSTREAM-SINK-', 'KSTREAM-FILTER-', 'KSTREAM-SOURCE-']) ctx.newProcessorName(prefix);
    return { nodeName: existing.sourceNode, copartitionTopics: [topic] };
  }
  const r = addRepartition(ctx, stream.nodeName, baseName, { dropNullKeys: false });
  made.set(r.topic, { parent: stream.nodeName, sourceNode: r.sourceNode });
  return { nodeName: r.sourceNode, copartitionTopics: [r.topic] };
}
