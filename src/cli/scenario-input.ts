import type { AnyScenario, GeneratedRecord } from '../scenarios/common/index.js';
import type { ScenarioInputRecord } from '../scenarios/common/run-scenario.js';
import type { Header } from '../sim/record.js';
import { LosslessJsonError } from '../sql/qtt/lossless-json.js';
import { ndjsonLines, parseJsonLine, toJson } from './ndjson.js';

/** A bad line of an input file: `file:line: reason`. */
export class InputLineError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
  }
}

/** The records of `run --input` and the file line each came from (for errors met while running). */
export interface ScenarioInput {
  readonly records: ScenarioInputRecord[];
  readonly lines: number[];
}

const FIELDS = new Set(['topic', 'key', 'value', 'timestamp', 'appendAt', 'partition', 'headers']);

/**
 * One `gen` line: `{topic, key, value, timestamp, appendAt?, partition?, headers?}`. appendAt is written only when it
 * differs from timestamp: the runner appends a record without one at max(timestamp, previous append time), which
 * is its appendAt in append order, so `run --input` of a `gen` file replays the generated run exactly.
 */
export function genLine(r: GeneratedRecord): string {
  return toJson({
    topic: r.topic,
    key: r.key,
    value: r.value,
    timestamp: r.timestamp,
    ...(r.appendAt === r.timestamp ? {} : { appendAt: r.appendAt }),
    ...(r.partition === undefined ? {} : { partition: r.partition }),
    ...(r.headers === undefined || r.headers.length === 0 ? {} : { headers: r.headers }),
  });
}

function time(o: Record<string, unknown>, field: string, fail: (reason: string) => never): number | undefined {
  const v = o[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(`"${field}" must be an integer >= 0 (epoch ms), got ${toJson(v)}`);
  return v;
}

function headers(v: unknown, fail: (reason: string) => never): Header[] {
  const ok = (h: unknown): h is Header =>
    h !== null && typeof h === 'object' && typeof (h as Header).key === 'string' && (typeof (h as Header).value === 'string' || (h as Header).value === null);
  if (!Array.isArray(v) || !v.every(ok)) fail('"headers" must be an array of {key: string, value: string | null}');
  return v.map((h: Header) => ({ key: h.key, value: h.value }));
}

/**
 * Reads an NDJSON input file for a scenario. Every line must be an object naming one of the scenario's input
 * topics, with a timestamp; a table topic's record needs a key (Kafka refuses keyless records on compacted
 * topics). Values are not checked here: a value failing its topic's schema goes to `<topic>-dlq` when run.
 */
export function readScenarioInput(text: string, file: string, scenario: AnyScenario, partitions: number): ScenarioInput {
  const topics = new Map(scenario.inputTopics.map((t) => [t.name, t]));
  const records: ScenarioInputRecord[] = [];
  const lines: number[] = [];
  for (const { line, text: src } of ndjsonLines(text)) {
    const fail = (reason: string): never => {
      throw new InputLineError(file, line, reason);
    };
    let doc: unknown;
    try {
      doc = parseJsonLine(src);
    } catch (err) {
      if (err instanceof LosslessJsonError) fail(`malformed JSON: ${err.reason} at column ${err.column}`);
      throw err;
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) fail('expected an object {topic, key, value, timestamp}');
    const o = doc as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => !FIELDS.has(k));
    if (extra.length > 0) fail(`unknown field ${extra.map((k) => `"${k}"`).join(', ')}; a line has topic, key, value, timestamp, appendAt?, partition?, headers?`);
    if (typeof o.topic !== 'string') fail('"topic" must be a string');
    const topic = topics.get(o.topic as string);
    if (topic === undefined) fail(`unknown topic '${String(o.topic)}'; ${scenario.name} reads ${[...topics.keys()].join(', ')}`);
    const timestamp = time(o, 'timestamp', fail) ?? fail('"timestamp" is missing');
    const appendAt = time(o, 'appendAt', fail);
    const key = o.key ?? null;
    if (topic!.kind === 'table' && key === null) fail(`'${topic!.name}' is a table (compacted) topic: its records need a key`);
    let partition: number | undefined;
    if (o.partition !== undefined) {
      if (typeof o.partition !== 'number' || !Number.isInteger(o.partition) || o.partition < 0 || o.partition >= partitions) {
        fail(`"partition" must be an integer in [0, ${partitions}) (the run has ${partitions} partition(s) per topic), got ${toJson(o.partition)}`);
      }
      partition = o.partition as number;
    }
    records.push({
      topic: topic!.name,
      key,
      value: o.value ?? null,
      timestamp,
      ...(appendAt === undefined ? {} : { appendAt }),
      ...(partition === undefined ? {} : { partition }),
      ...(o.headers === undefined ? {} : { headers: headers(o.headers, fail) }),
    });
    lines.push(line);
  }
  return { records, lines };
}
