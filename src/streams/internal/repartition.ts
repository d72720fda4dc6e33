import type { ProcessorContext, StreamPartitioner } from '../../sim/processor.js';
import type { BuilderContext } from './builder-context.js';

export interface RepartitionResult {
  /** The source node reading the repartition topic: attach downstream processors to it. */
  readonly sourceNode: string;
  /** The repartition topic's short name (the runtime prefixes the application id). */
  readonly topic: string;
}

/**
 * Sends a stream through `<baseName>-repartition` so that records land on the partition of their (new)
 * key, as Kafka's OptimizableRepartitionNode does: a filter dropping null keys (they have no partition),
 * a sink, and a source.
 */
export function addRepartition(
  ctx: BuilderContext,
  parentNode: string,
  baseName: string,
  options: { partitions?: number | undefined; partitioner?: StreamPartitioner | undefined; dropNullKeys?: boolean } = {},
): RepartitionResult {
  const topic = baseName.endsWith('-repartition') ? baseName : `${baseName}-repartition`;
  const t = ctx.topology;
  t.addInternalTopic(topic, options.partitions);
  // Kafka's KStreamImpl#createRepartitionedSource always burns three names (sink, filter, source) and
  // uses them when the prefix was generated; a user-given prefix names the nodes after the topic.
  const generated = [ctx.newProcessorName('KSTREAM-SINK-'), ctx.newProcessorName('KSTREAM-FILTER-'), ctx.newProcessorName('KSTREAM-SOURCE-')];
  const useGenerated = /^KSTREAM.*-[0-9]{10}$/.test(baseName);
  const [sinkName, filterName, sourceName] = useGenerated ? generated : [`${topic}-sink`, `${topic}-filter`, `${topic}-source`];
  const dropNullKeys = options.dropNullKeys ?? true;
  t.addProcessor(
    filterName!,
    () => {
      let context: ProcessorContext;
      return {
        init(c) {
          context = c;
        },
        process(r) {
          if (dropNullKeys && (r.key === null || r.key === undefined)) {
            context.recordDropped('null key cannot be repartitioned');
            return;
          }
          context.forward(r);
        },
      };
    },
    parentNode,
  );
  t.addSink({ name: sinkName!, topic, partitioner: options.partitioner }, filterName!);
  t.addSource(sourceName!, topic);
  return { sourceNode: sourceName!, topic };
}
