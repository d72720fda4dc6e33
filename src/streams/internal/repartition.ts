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
 * a sink, and a source, named `<topic>-filter`, `-sink` and `-source`.
 */
export function addRepartition(
  ctx: BuilderContext,
  parentNode: string,
  baseName: string,
  options: { partitions?: number | undefined; partitioner?: StreamPartitioner | undefined; dropNullKeys?: boolean } = {},
): RepartitionResult {
  const topic = `${baseName}-repartition`;
  const t = ctx.topology;
  t.addInternalTopic(topic, options.partitions);
  const filterName = `${topic}-filter`;
  const dropNullKeys = options.dropNullKeys ?? true;
  t.addProcessor(
    filterName,
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
  t.addSink({ name: `${topic}-sink`, topic, partitioner: options.partitioner }, filterName);
  t.addSource(`${topic}-source`, topic);
  return { sourceNode: `${topic}-source`, topic };
}
