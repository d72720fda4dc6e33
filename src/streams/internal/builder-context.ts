import { TopologyError } from '../../sim/errors.js';
import type { StoreBuilder } from '../../sim/stores/state-store.js';
import { Topology } from '../../sim/topology.js';

/**
 * Shared by every KStream/KTable of one StreamsBuilder: the topology being built and the counter behind
 * Kafka's generated names (`KSTREAM-FILTER-0000000001`), so internal names derive from the topology alone.
 */
export class BuilderContext {
  readonly topology = new Topology();
  private index = 0;

  /** Kafka's InternalStreamsBuilder#newProcessorName: prefix + 10-digit counter. */
  newProcessorName(prefix: string): string {
    return `${prefix}${String(this.index++).padStart(10, '0')}`;
  }

  /** Kafka's InternalStreamsBuilder#newStoreName: prefix + "STATE-STORE-" + 10-digit counter. */
  newStoreName(prefix: string): string {
    return `${prefix}STATE-STORE-${String(this.index++).padStart(10, '0')}`;
  }

  /** A user-given name (Named/Materialized/Grouped) or a generated one. */
  nameOr(given: string | undefined, prefix: string): string {
    // NamedInternal#orElseGenerateWithPrefix uses up an index even when a name is given ("to keep topology backward
    // compatibility"), so later generated names are the same whether an operation is named or not.
    const generated = this.newProcessorName(prefix);
    if (given === undefined) return generated;
    if (given.length === 0) throw new TopologyError('a name given to an operator must not be empty');
    return given;
  }

  addStore(builder: StoreBuilder, ...processorNames: string[]): void {
    if (this.topology.stores.has(builder.name)) {
      for (const p of processorNames) this.topology.connectProcessorAndStateStores(p, builder.name);
      return;
    }
    this.topology.addStateStore(builder, ...processorNames);
  }

  /** Connects stores a value getter reads to the processor that uses it. */
  connect(processorName: string, storeNames: readonly string[]): void {
    if (storeNames.length > 0) this.topology.connectProcessorAndStateStores(processorName, ...storeNames);
  }
}
