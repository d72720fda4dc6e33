import type { z } from 'zod';
import type { Broker } from '../../sim/broker.js';
import type { Headers } from '../../sim/record.js';
import type { ProcessingGuarantee, StreamsRuntime } from '../../sim/runtime/runtime.js';
import type { GeneratedRecord } from './generated-record.js';

/** §0.3: table topics are compacted and keyed by entity id (a null value is a tombstone); stream topics append. */
export type TopicKind = 'table' | 'stream';

/** An input topic of a scenario: what the generator writes and the scenario's processors read. */
export interface ScenarioTopic {
  readonly name: string;
  readonly kind: TopicKind;
  /**
   * The value's zod schema. A record whose value fails it goes to `<name>-dlq` with the reason in a header
   * (broker dead-letter routing); a null value on a table is a tombstone and is not checked.
   */
  readonly value: z.ZodType;
}

/** A record as a scenario run produced it, in the topic's append order (per partition, partitions in order). */
export interface ScenarioOutputRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** Windowed keys are `{ key, window: { start, end } }`, as the broker stores them. */
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly headers: Headers;
}

/** One question's answer, as a small table for the CLI summary. */
export interface SummaryTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | boolean | null)[])[];
}

/**
 * How the runtimes of a run schedule and commit (RuntimeConfig): every StreamsRuntime a scenario starts,
 * DSL app or SQL query, gets these. Unset: task order, at_least_once (today's traces).
 */
export interface ScenarioRuntimeOptions {
  /** Interleave tasks and break head-timestamp ties by a seeded RNG (RuntimeConfig.shuffle); default false. */
  readonly shuffle?: boolean;
  /** The seed of that interleaving; default the run's seed. Without `shuffle` it changes nothing. */
  readonly interleaveSeed?: number;
  /** Kafka's processing.guarantee for every runtime; default at_least_once. */
  readonly processingGuarantee?: ProcessingGuarantee;
}

/** What a scenario's processors get when a run starts. */
export interface ScenarioContext<O> extends ScenarioRuntimeOptions {
  /** The run's broker: input topics exist already (with their partitions, compaction and DLQ); its clock is virtual. */
  readonly broker: Broker;
  readonly seed: number;
  /** Partitions of every input topic (§0.3; default 1). */
  readonly partitions: number;
  /** The resolved options the input was generated with (or the defaults, for `--input FILE`). */
  readonly options: O;
}

/**
 * The running processors of a scenario on one broker: DSL runtimes, a SqlEngine, and actors on the virtual clock
 * (services, connector polls, watchdogs). The runner appends the inputs in (appendAt, seq) order; before it
 * appends a record at time t it calls `advanceTo(t)`, and after each append `runUntilIdle()` (with
 * RunScenarioOptions.appendBatch > 1: per batch, and `advanceTo(t)` mid-batch only when `nextDue() <= t`).
 */
export interface ScenarioApp {
  /** Processes everything that can be processed now; returns how many records were processed (0 when idle). */
  runUntilIdle(): number;
  /**
   * Actors handle everything due at or before `time`, in time order, moving `broker.clock` to each instant and
   * leaving all processors idle (calling runUntilIdle between events). Without actors: absent.
   */
  advanceTo?(time: number): void;
  /** The next instant an actor has work due, or null; the runner drains with advanceTo until this is null. */
  nextDue?(): number | null;
  /** Records dropped by processors (late, null keys, failed joins counted as drops), for the summary. */
  dropped(): number;
  close(): void;
  /**
   * The Kafka Streams applications behind the processors (DSL apps and SQL queries), when that is all they are:
   * what `run --on kafka://` starts on a real cluster. Absent when actors on the virtual clock take part.
   */
  runtimes?(): readonly StreamsRuntime[];
}

/**
 * A seeded scenario of SCENARIOS.md: its topics, its generator, the processors that answer its questions, and
 * the summary that shows those answers.
 */
export interface Scenario<O extends { readonly seed: number } = { readonly seed: number }> {
  readonly name: string;
  /** One line for `streamsim list`. */
  readonly description: string;
  readonly inputTopics: readonly ScenarioTopic[];
  /** The topics that hold the answers (SCENARIOS.md's output names), in the order the summary shows them. */
  readonly outputTopics: readonly string[];
  readonly defaults: O;
  /** zod schema of the options for `--opt name=value` (every field optional; unknown keys rejected). */
  readonly optionsSchema: z.ZodType<Partial<O>>;
  /** The option that sets the run's length (for `--duration MS`), usually 'durationMs'. */
  readonly durationOption: keyof O & string;
  /** Options that give about `events` input records (the duration or volume knobs follow from it). */
  sizeFor(events: number): Partial<O>;
  /** Pure: the input records in append order, faults applied; the same options give byte-identical records. */
  generate(options: Partial<O>): GeneratedRecord[];
  /** Starts the processors on the context's broker. */
  start(ctx: ScenarioContext<O>): ScenarioApp;
  /** The answers to the scenario's questions, from the output topics (each topic's records in append order). */
  summarize(outputs: ReadonlyMap<string, readonly ScenarioOutputRecord[]>): SummaryTable[];
}

/** A scenario of any option type, for lists and the CLI (which pass options through the scenario's own schema). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- options are checked by each scenario's optionsSchema
export type AnyScenario = Scenario<any>;
