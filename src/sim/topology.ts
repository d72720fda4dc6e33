import { TopologyError } from './errors.js';
import { describeTopology } from './runtime/describe.js';
import type { ProcessorSupplier, StreamPartitioner, TimestampExtractor, TopicNameExtractor } from './processor.js';
import type { Serde } from './serde.js';
import type { StateStore, StoreBuilder } from './stores/state-store.js';

export interface SourceNodeDef {
  readonly kind: 'source';
  readonly name: string;
  readonly topics: readonly string[];
  readonly timestampExtractor?: TimestampExtractor | undefined;
  readonly keySerde?: Serde<unknown> | undefined;
  readonly valueSerde?: Serde<unknown> | undefined;
}

export interface ProcessorNodeDef {
  readonly kind: 'processor';
  readonly name: string;
  readonly parents: readonly string[];
  readonly supplier: ProcessorSupplier;
  readonly stores: string[];
}

export interface SinkNodeDef {
  readonly kind: 'sink';
  readonly name: string;
  readonly parents: readonly string[];
  readonly topic: string | TopicNameExtractor;
  readonly keySerde?: Serde<unknown> | undefined;
  readonly valueSerde?: Serde<unknown> | undefined;
  readonly partitioner?: StreamPartitioner | undefined;
}

export type NodeDef = SourceNodeDef | ProcessorNodeDef | SinkNodeDef;

export interface GlobalStoreDef {
  readonly storeName: string;
  readonly sourceName: string;
  readonly topic: string;
  readonly processorName: string;
  readonly supplier: ProcessorSupplier;
  readonly timestampExtractor?: TimestampExtractor | undefined;
}

/** A repartition topic the runtime creates; its full name is `<application.id>-<name>`. */
export interface InternalTopicDef {
  readonly name: string;
  /** Unset: as many as the upstream sub-topology has tasks (Kafka's default). */
  readonly partitions?: number | undefined;
}

export interface SourceOptions {
  readonly name: string;
  readonly topics: readonly string[];
  readonly timestampExtractor?: TimestampExtractor;
  readonly keySerde?: Serde<unknown>;
  readonly valueSerde?: Serde<unknown>;
}

export interface SinkOptions {
  readonly name: string;
  readonly topic: string | TopicNameExtractor;
  readonly keySerde?: Serde<unknown>;
  readonly valueSerde?: Serde<unknown>;
  readonly partitioner?: StreamPartitioner;
}

/**
 * A plain description of a processing graph, built node by node as Kafka's `Topology` is: sources,
 * processors, sinks, state stores and global stores. The DSL and SQL both produce one; the runtime runs it.
 */
export class Topology {
  private readonly nodeDefs = new Map<string, NodeDef>();
  private readonly storeDefs = new Map<string, { builder: StoreBuilder; global: boolean }>();
  private readonly globalStoreDefs: GlobalStoreDef[] = [];
  private readonly internalTopicDefs = new Map<string, InternalTopicDef>();
  private readonly copartitionGroupDefs: string[][] = [];

  addSource(nameOrOptions: string | SourceOptions, ...topics: string[]): this {
    const opts: SourceOptions = typeof nameOrOptions === 'string' ? { name: nameOrOptions, topics } : nameOrOptions;
    if (opts.topics.length === 0) throw new TopologyError(`source '${opts.name}' must read at least one topic`);
    for (const t of opts.topics) {
      const owner = this.sourceReading(t);
      if (owner !== undefined) throw new TopologyError(`topic '${t}' is already read by source '${owner}': a topic can feed only one source node`);
    }
    this.addNode({ kind: 'source', ...opts, topics: [...opts.topics] });
    return this;
  }

  addProcessor(name: string, supplier: ProcessorSupplier, ...parentNames: string[]): this {
    this.checkParents(name, parentNames);
    this.addNode({ kind: 'processor', name, parents: parentNames, supplier, stores: [] });
    return this;
  }

  addSink(nameOrOptions: string | SinkOptions, topicOrParent?: string | TopicNameExtractor, ...parentNames: string[]): this {
    let opts: SinkOptions;
    let parents: string[];
    if (typeof nameOrOptions === 'string') {
      if (topicOrParent === undefined) throw new TopologyError(`sink '${nameOrOptions}' needs a topic`);
      opts = { name: nameOrOptions, topic: topicOrParent };
      parents = parentNames;
    } else {
      opts = nameOrOptions;
      parents = topicOrParent === undefined ? parentNames : [topicOrParent as string, ...parentNames];
    }
    this.checkParents(opts.name, parents);
    this.addNode({ kind: 'sink', ...opts, parents });
    return this;
  }

  addStateStore(builder: StoreBuilder, ...processorNames: string[]): this {
    if (this.storeDefs.has(builder.name)) throw new TopologyError(`a state store named '${builder.name}' already exists`);
    this.storeDefs.set(builder.name, { builder, global: false });
    for (const p of processorNames) this.connectProcessorAndStateStores(p, builder.name);
    return this;
  }

  connectProcessorAndStateStores(processorName: string, ...storeNames: string[]): this {
    const node = this.nodeDefs.get(processorName);
    if (node === undefined || node.kind !== 'processor') {
      throw new TopologyError(`cannot connect stores to '${processorName}': no processor has that name`);
    }
    for (const s of storeNames) {
      const def = this.storeDefs.get(s);
      if (def === undefined) throw new TopologyError(`processor '${processorName}' uses unknown state store '${s}': add it with addStateStore first`);
      if (def.global) throw new TopologyError(`global store '${s}' is readable from every processor; do not connect it`);
      if (!node.stores.includes(s)) node.stores.push(s);
    }
    return this;
  }

  /**
   * A store filled from every partition of `topic` and readable from every task (Kafka's addGlobalStore).
   * The topic itself is its changelog.
   */
  addGlobalStore<S extends StateStore>(
    builder: StoreBuilder<S>,
    sourceName: string,
    topic: string,
    processorName: string,
    supplier: ProcessorSupplier,
    timestampExtractor?: TimestampExtractor,
  ): this {
    if (this.storeDefs.has(builder.name)) throw new TopologyError(`a state store named '${builder.name}' already exists`);
    for (const n of [sourceName, processorName]) {
      if (this.nodeDefs.has(n) || this.globalStoreDefs.some((g) => g.sourceName === n || g.processorName === n)) {
        throw new TopologyError(`a node named '${n}' already exists`);
      }
    }
    const owner = this.sourceReading(topic);
    if (owner !== undefined) throw new TopologyError(`topic '${topic}' is already read by source '${owner}'`);
    this.storeDefs.set(builder.name, { builder: builder.withLoggingDisabled(), global: true });
    this.globalStoreDefs.push({ storeName: builder.name, sourceName, topic, processorName, supplier, timestampExtractor });
    return this;
  }

  /** Declares a repartition topic; sources and sinks refer to it by this short name. */
  addInternalTopic(name: string, partitions?: number): this {
    if (partitions !== undefined && (!Number.isInteger(partitions) || partitions < 1)) {
      throw new TopologyError(`repartition topic '${name}': partitions must be a positive integer, got ${partitions}`);
    }
    this.internalTopicDefs.set(name, { name, partitions });
    return this;
  }

  /** Topics that must have equal partition counts (both sides of a join), as Kafka's copartition groups. */
  copartition(topics: readonly string[]): this {
    this.copartitionGroupDefs.push([...topics]);
    return this;
  }

  /** The graph as text, laid out as Kafka's TopologyDescription prints it. */
  describe(): string {
    return describeTopology(this);
  }

  get nodes(): readonly NodeDef[] {
    return [...this.nodeDefs.values()];
  }

  node(name: string): NodeDef | undefined {
    return this.nodeDefs.get(name);
  }

  get stores(): ReadonlyMap<string, { builder: StoreBuilder; global: boolean }> {
    return this.storeDefs;
  }

  get globalStores(): readonly GlobalStoreDef[] {
    return this.globalStoreDefs;
  }

  get internalTopics(): ReadonlyMap<string, InternalTopicDef> {
    return this.internalTopicDefs;
  }

  get copartitionGroups(): readonly (readonly string[])[] {
    return this.copartitionGroupDefs;
  }

  /** Topics read by source nodes, in topology order (internal topics by their short name). */
  sourceTopics(): string[] {
    return this.nodes.flatMap((n) => (n.kind === 'source' ? n.topics : []));
  }

  /** Fixed sink topics, in topology order (internal topics by their short name). */
  sinkTopics(): string[] {
    return this.nodes.flatMap((n) => (n.kind === 'sink' && typeof n.topic === 'string' ? [n.topic] : []));
  }

  private sourceReading(topic: string): string | undefined {
    for (const n of this.nodeDefs.values()) if (n.kind === 'source' && n.topics.includes(topic)) return n.name;
    return this.globalStoreDefs.find((g) => g.topic === topic)?.sourceName;
  }

  private addNode(def: NodeDef): void {
    if (def.name.length === 0) throw new TopologyError('a node name must not be empty');
    if (this.nodeDefs.has(def.name)) throw new TopologyError(`a node named '${def.name}' already exists`);
    this.nodeDefs.set(def.name, def);
  }

  private checkParents(name: string, parents: readonly string[]): void {
    if (parents.length === 0) throw new TopologyError(`node '${name}' needs at least one parent`);
    for (const p of parents) {
      const parent = this.nodeDefs.get(p);
      if (parent === undefined) throw new TopologyError(`node '${name}' names unknown parent '${p}': add the parent first`);
      if (parent.kind === 'sink') throw new TopologyError(`node '${name}' cannot have sink '${p}' as parent: sinks have no children`);
    }
  }
}
