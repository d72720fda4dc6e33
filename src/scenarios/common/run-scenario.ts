import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { Broker } from '../../sim/broker.js';
import { VirtualClock } from '../../sim/clock.js';
import { stableStringify } from '../../sim/key-id.js';
import type { Headers, StoredRecord } from '../../sim/record.js';
import type { ValueValidator } from '../../sim/topic-config.js';
import type { Scenario, ScenarioApp, ScenarioRuntimeOptions, ScenarioOutputRecord, ScenarioTopic, SummaryTable } from './scenario.js';
import { T0 } from './seeded-faker.js';

/**
 * An input record as `streamsim gen` writes it and `run --input` reads it. `appendAt` (when the record reaches the
 * broker) defaults to the later of its timestamp and the previous record's append time.
 */
export interface ScenarioInputRecord {
  readonly topic: string;
  readonly key: unknown;
  readonly value: unknown;
  readonly timestamp: number;
  readonly appendAt?: number;
  readonly partition?: number;
  readonly headers?: Headers;
}

/** `shuffle`, `interleaveSeed` and `processingGuarantee` go to every runtime the scenario starts. */
export interface RunScenarioOptions<O> extends ScenarioRuntimeOptions {
  readonly seed?: number;
  /** Generator options (the scenario's defaults fill the rest). */
  readonly options?: Partial<O>;
  /** Partitions of every input topic; default 1 (§0.3). */
  readonly partitions?: number;
  /** These records, in append order, instead of generated ones. */
  readonly input?: readonly ScenarioInputRecord[];
  /** Called every `progressEvery` input records and at the end. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly progressEvery?: number;
  /**
   * How many consecutive input records are appended before the processors run: a consumer fetch batch, so that
   * several tasks (partitions) have buffered records at once and the interleaving (`shuffle`) matters. Default 1:
   * the processors run until idle after every record (the traces of before this option).
   *
   * The rule, record by record (t = the record's append time, the broker clock moves to each t):
   * 1. a batch starts empty: before its first record the actors are advanced to t (`advanceTo(t)`), as with 1;
   * 2. before a later record of the batch, if an actor is due at or before t (`nextDue() <= t`; an app with
   *    `advanceTo` but no `nextDue` always counts as due), the batch ends first: `runUntilIdle()`, then
   *    `advanceTo(t)`, and that record starts a new batch. An actor thus never sees a record appended after a
   *    due time it has not yet handled; records still in the batch reach the actors when the batch is flushed;
   * 3. after `appendBatch` records the batch ends: `runUntilIdle()`. After the last record: `runUntilIdle()`,
   *    then the actors drain.
   */
  readonly appendBatch?: number;
}

export interface ScenarioRunResult {
  readonly scenario: string;
  readonly seed: number;
  readonly inputs: number;
  /** Every output topic of the scenario and every `<topic>-dlq` that received records. */
  readonly outputs: ReadonlyMap<string, readonly ScenarioOutputRecord[]>;
  /** Records that failed their topic's schema, from the `-dlq` topics (the reason is a header). */
  readonly deadLettered: number;
  readonly dropped: number;
  /** SHA-256 over every record of every topic of the run (inputs, outputs, internal topics): equal runs, equal hash. */
  readonly traceHash: string;
  readonly summary: readonly SummaryTable[];
  /** Virtual time when the run ended (after draining every actor). */
  readonly endTime: number;
}

export const DLQ_SUFFIX = '-dlq';

/** The broker's schema check for a topic, from the topic's zod schema. */
export function zodValidator(schema: z.ZodType): ValueValidator {
  return {
    validate(value) {
      const r = schema.safeParse(value);
      if (r.success) return { ok: true, value: r.data };
      const issues = r.error.issues.map((i) => `${i.path.length === 0 ? '(value)' : i.path.join('.')}: ${i.message}`);
      return { ok: false, reason: `schema validation failed: ${issues.join('; ')}` };
    },
  };
}

/** A scenario's input topics as a run creates them: compacted tables, schema checks with a `<topic>-dlq` each. */
export function createInputTopics(broker: Broker, topics: readonly ScenarioTopic[], partitions: number | ((topic: string) => number)): void {
  for (const t of topics) {
    broker.createTopic(t.name, {
      partitions: typeof partitions === 'number' ? partitions : partitions(t.name),
      'cleanup.policy': t.kind === 'table' ? 'compact' : 'delete',
      valueSchema: zodValidator(t.value),
      deadLetterTopic: `${t.name}${DLQ_SUFFIX}`,
    });
  }
}

function toOutput(r: StoredRecord): ScenarioOutputRecord {
  return { topic: r.topic, partition: r.partition, offset: r.offset, key: r.key, value: r.value, timestamp: r.timestamp, headers: r.headers };
}

/** Every record of a topic, partition by partition, each in offset order. */
export function topicRecords(broker: Broker, topic: string): ScenarioOutputRecord[] {
  const out: ScenarioOutputRecord[] = [];
  for (let p = 0; p < broker.partitionCount(topic); p++) {
    for (const r of broker.fetch(topic, p, broker.logStartOffset(topic, p))) out.push(toOutput(r));
  }
  return out;
}

function headerText(headers: Headers): string {
  if (headers.length === 0) return '';
  return stableStringify(headers.map((h) => [h.key, typeof h.value === 'string' || h.value === null ? h.value : Buffer.from(h.value).toString('base64')]));
}

/** SHA-256 over every topic of the broker (sorted by name), partition by partition, record by record. */
export function brokerHash(broker: Broker): string {
  const h = createHash('sha256');
  for (const topic of [...broker.listTopics()].sort()) {
    for (const r of topicRecords(broker, topic)) {
      h.update(`${topic}/${r.partition}/${r.offset} ${r.timestamp} ${stableStringify(r.key)} ${stableStringify(r.value)} ${headerText(r.headers)}\n`);
    }
  }
  return h.digest('hex');
}

/** A run failed at an input record: `index` is its 0-based place in the input (the CLI maps it to a file line). */
export class InputRecordError extends Error {
  constructor(
    readonly index: number,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`input record ${index + 1}: ${reason}`, options);
  }
}

/**
 * Lets the actors handle everything still due. An actor whose next due time does not move past the instant it
 * was just advanced to would loop forever: that is a bug in the actor, reported rather than hung on.
 */
function drainActors(app: ScenarioApp): void {
  if (app.nextDue === undefined) return;
  if (app.advanceTo === undefined) throw new TypeError('a scenario app with nextDue must also have advanceTo');
  let last = Number.NEGATIVE_INFINITY;
  for (let due = app.nextDue(); due !== null; due = app.nextDue()) {
    if (due <= last) throw new Error(`an actor is still due at ${due} after advancing to ${last}: advanceTo(t) must handle everything due at or before t`);
    app.advanceTo(due);
    last = due;
  }
}

/** Whether an actor has something due at or before `time` (an app that cannot tell is taken as due). */
function actorDue(app: ScenarioApp, time: number): boolean {
  if (app.advanceTo === undefined) return false;
  if (app.nextDue === undefined) return true;
  const due = app.nextDue();
  return due !== null && due <= time;
}

/**
 * Runs a scenario on a fresh in-memory broker: creates its input topics (compacted tables, schema checks with a
 * `<topic>-dlq` each), starts its processors, appends the inputs in (appendAt, seq) order on the virtual clock
 * in batches of `appendBatch` (default 1) with the actors advanced before each batch and before any record that
 * is appended after an actor's due time, drains the actors, and collects the output topics.
 */
export function runScenario<O extends { readonly seed: number }>(scenario: Scenario<O>, run: RunScenarioOptions<O> = {}): ScenarioRunResult {
  const seed = run.seed ?? run.options?.seed ?? scenario.defaults.seed;
  const partitions = run.partitions ?? 1;
  if (!Number.isSafeInteger(partitions) || partitions < 1) throw new RangeError(`partitions must be an integer >= 1, got ${partitions}`);
  const appendBatch = run.appendBatch ?? 1;
  if (!Number.isSafeInteger(appendBatch) || appendBatch < 1) throw new RangeError(`appendBatch must be an integer >= 1, got ${appendBatch}`);
  const options: O = { ...scenario.defaults, ...(run.options ?? {}), seed };
  const input: readonly ScenarioInputRecord[] = run.input ?? scenario.generate(options);
  const startTime = (options as { startTime?: number }).startTime ?? T0;
  const firstAt = input.length === 0 ? startTime : Math.min(startTime, input[0]!.appendAt ?? input[0]!.timestamp);
  const broker = new Broker({ clock: new VirtualClock(firstAt) });
  createInputTopics(broker, scenario.inputTopics, partitions);
  const app = scenario.start({
    broker,
    seed,
    partitions,
    options,
    ...(run.shuffle === undefined ? {} : { shuffle: run.shuffle }),
    ...(run.interleaveSeed === undefined ? {} : { interleaveSeed: run.interleaveSeed }),
    ...(run.processingGuarantee === undefined ? {} : { processingGuarantee: run.processingGuarantee }),
  });
  const every = run.progressEvery ?? 1000;
  try {
    app.runUntilIdle();
    let done = 0;
    /** Records appended since the processors last ran (the open batch). */
    let pending = 0;
    const inputTopics = new Set(scenario.inputTopics.map((t) => t.name));
    for (const r of input) {
      // only input topics: an output or internal topic exists too once the processors run, but is theirs to write
      if (!inputTopics.has(r.topic)) throw new InputRecordError(done, `${scenario.name} has no input topic '${r.topic}'`);
      const at = Math.max(broker.clock.now(), r.appendAt ?? r.timestamp);
      try {
        if (pending > 0 && actorDue(app, at)) {
          app.runUntilIdle();
          pending = 0;
        }
        if (pending === 0) app.advanceTo?.(at);
        broker.clock.set(Math.max(broker.clock.now(), at));
        broker.produce(r.topic, {
          key: r.key,
          value: r.value,
          timestamp: r.timestamp,
          ...(r.partition === undefined ? {} : { partition: r.partition }),
          ...(r.headers === undefined ? {} : { headers: r.headers }),
        });
        if (++pending >= appendBatch) {
          app.runUntilIdle();
          pending = 0;
        }
      } catch (err) {
        // whatever failed (the broker refusing the record, an actor or processor meeting it, or its batch) failed at this record
        throw new InputRecordError(done, err instanceof Error ? err.message : String(err), { cause: err });
      }
      done++;
      if (run.onProgress !== undefined && done % every === 0) run.onProgress(done, input.length);
    }
    // the last batch reaches the processors (and the actors' queues) before the actors drain
    if (pending > 0) app.runUntilIdle();
    drainActors(app);
    app.runUntilIdle();
    run.onProgress?.(input.length, input.length);

    const outputs = new Map<string, ScenarioOutputRecord[]>();
    for (const topic of scenario.outputTopics) outputs.set(topic, broker.hasTopic(topic) ? topicRecords(broker, topic) : []);
    let deadLettered = 0;
    for (const t of scenario.inputTopics) {
      const dlq = `${t.name}${DLQ_SUFFIX}`;
      if (!broker.hasTopic(dlq)) continue;
      const records = topicRecords(broker, dlq);
      deadLettered += records.length;
      outputs.set(dlq, records);
    }
    return {
      scenario: scenario.name,
      seed,
      inputs: input.length,
      outputs,
      deadLettered,
      dropped: app.dropped(),
      traceHash: brokerHash(broker),
      summary: scenario.summarize(outputs),
      endTime: broker.clock.now(),
    };
  } finally {
    app.close();
  }
}
