/**
 * The record shapes of the issue-6 contract (docs/conformance.md), shared by both sides of the comparison:
 * an input record is piped into its topic at its timestamp; an output record is what a workload wrote to
 * one of its output topics, with a windowed key split into the inner key and the window.
 */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [field: string]: Json };

export interface InputRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Json;
  readonly timestamp: number;
}

/** Kafka's Window start()/end(): time windows end exclusive, session windows end at their last record. */
export interface OutputWindow {
  readonly start: number;
  readonly end: number;
}

export interface OutputRecord {
  readonly topic: string;
  readonly key: Json;
  readonly window: OutputWindow | null;
  readonly value: Json;
  readonly timestamp: number;
}

/** One line of NDJSON per record, fields in the contract's order. */
export function toNdjson(records: readonly (InputRecord | OutputRecord)[]): string {
  return records.map((r) => JSON.stringify(r) + '\n').join('');
}

/** Parses NDJSON output records, naming the line that is not one. */
export function parseOutputNdjson(text: string, source: string): OutputRecord[] {
  const out: OutputRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      throw new Error(`${source}:${i + 1}: not JSON (${(e as Error).message})`, { cause: e });
    }
    out.push(asOutputRecord(parsed, `${source}:${i + 1}`));
  }
  return out;
}

function asOutputRecord(x: unknown, where: string): OutputRecord {
  if (typeof x !== 'object' || x === null) throw new Error(`${where}: not an object`);
  const r = x as Record<string, unknown>;
  if (typeof r.topic !== 'string') throw new Error(`${where}: "topic" is not a string`);
  if (typeof r.timestamp !== 'number') throw new Error(`${where}: "timestamp" is not a number`);
  const w = r.window ?? null;
  if (w !== null && (typeof w !== 'object' || typeof (w as OutputWindow).start !== 'number' || typeof (w as OutputWindow).end !== 'number')) {
    throw new Error(`${where}: "window" is neither null nor {start, end}`);
  }
  const window = w === null ? null : { start: (w as OutputWindow).start, end: (w as OutputWindow).end };
  return { topic: r.topic, key: (r.key ?? null) as Json, window, value: (r.value ?? null) as Json, timestamp: r.timestamp };
}
