import type { Broker } from '../../sim/broker.js';
import { SeededRng, type RandomStream } from '../../sim/rng.js';
import { StreamsRuntime, type ProcessingGuarantee } from '../../sim/runtime/runtime.js';
import type { Topology } from '../../sim/topology.js';
import { SqlEngine } from '../../sql/engine/index.js';
import type { ScenarioApp, ScenarioRuntimeOptions } from './scenario.js';

/** Something that processes records on the shared broker until it has nothing left to do. */
interface Processor {
  /** The Kafka Streams applications it runs. */
  runtimes(): readonly StreamsRuntime[];
  runUntilIdle(): number;
  dropped(): number;
  close(): void;
}

/**
 * The processors of one scenario run on one broker: Kafka Streams applications (one StreamsRuntime each, named by
 * application id, as separate apps in the originals) and a SqlEngine (one runtime per persistent query). After
 * every input the group runs them all until none has work, so chains of apps see records in order. With `shuffle`
 * the apps take their turns in a seeded order each round: Kafka runs separate applications concurrently.
 */
export class ProcessorGroup implements ScenarioApp {
  private readonly processors: Processor[] = [];
  /** With `shuffle`: the order the processors take their turns in each round (separate apps progress independently). */
  private readonly turns: RandomStream | null;

  /**
   * `runtime` (a ScenarioContext will do) sets every runtime's shuffle, interleaving seed and processing
   * guarantee; the runtime seed only seeds that interleaving, so without `shuffle` the traces are today's.
   */
  constructor(
    readonly broker: Broker,
    private readonly seed: number,
    private readonly runtime: ScenarioRuntimeOptions = {},
  ) {
    this.turns = runtime.shuffle === true ? new SeededRng(runtime.interleaveSeed ?? seed).stream('processor-group') : null;
  }

  /** The scheduling and guarantee part of every RuntimeConfig this group builds. */
  private runtimeConfig(): { seed: number; shuffle?: boolean; processingGuarantee?: ProcessingGuarantee } {
    const { shuffle, interleaveSeed, processingGuarantee } = this.runtime;
    return {
      seed: interleaveSeed ?? this.seed,
      ...(shuffle === undefined ? {} : { shuffle }),
      ...(processingGuarantee === undefined ? {} : { processingGuarantee }),
    };
  }

  /** Starts a DSL application (a Topology or a StreamsBuilder) with record caching off (§0.5: every update forwarded). */
  addTopology(applicationId: string, source: Topology | { build(): Topology }, partitions = 1): StreamsRuntime {
    const topology = 'build' in source ? source.build() : source;
    const runtime = new StreamsRuntime(topology, this.broker, {
      applicationId,
      ...this.runtimeConfig(),
      trace: false,
      cacheMaxBytes: 0,
      defaultPartitions: partitions,
    });
    runtime.start();
    this.processors.push({
      runtimes: () => [runtime],
      runUntilIdle: () => runtime.runUntilIdle(),
      dropped: () => runtime.droppedRecordsTotal(),
      close: () => runtime.close(),
    });
    return runtime;
  }

  /** A SqlEngine on the group's broker; run its statements with `execute` (queries start at once). */
  addSqlEngine(dialect: 'ksqldb' | 'ksql5' = 'ksqldb'): SqlEngine {
    const engine = new SqlEngine({ broker: this.broker, dialect, ...this.runtimeConfig() });
    this.processors.push({
      runtimes: () => engine.queries.map((q) => q.runtime),
      runUntilIdle: () => {
        let n = 0;
        for (const q of engine.queries) n += q.runtime.runUntilIdle();
        return n;
      },
      dropped: () => engine.queries.reduce((sum, q) => sum + q.runtime.droppedRecordsTotal(), 0),
      close: () => {
        for (const q of engine.queries) q.runtime.close();
      },
    });
    return engine;
  }

  runUntilIdle(): number {
    let total = 0;
    for (;;) {
      let round = 0;
      const order = this.turns === null ? this.processors : this.turns.shuffle([...this.processors]);
      for (const p of order) round += p.runUntilIdle();
      if (round === 0) return total;
      total += round;
    }
  }

  /** Every application of the group: DSL apps and SQL queries, in the order they started. */
  runtimes(): readonly StreamsRuntime[] {
    return this.processors.flatMap((p) => p.runtimes());
  }

  dropped(): number {
    return this.processors.reduce((sum, p) => sum + p.dropped(), 0);
  }

  close(): void {
    for (const p of this.processors) p.close();
  }
}
