import type { Json, OutputRecord } from './records.js';

/** The first place where streamsim's output differs from Kafka Streams' output of the same input. */
export interface Mismatch {
  /** Index in both output lists of the first record that differs. */
  readonly index: number;
  /** The fields of that record that differ; `missing` when one side has no record there. */
  readonly fields: readonly ('topic' | 'key' | 'window' | 'value' | 'timestamp' | 'missing')[];
  readonly kafka: OutputRecord | null;
  readonly streamsim: OutputRecord | null;
  /** Records around the difference on each side, from `contextFrom` on. */
  readonly contextFrom: number;
  readonly kafkaContext: readonly OutputRecord[];
  readonly streamsimContext: readonly OutputRecord[];
}

export interface CaseComparison {
  readonly workload: string;
  readonly seed: number;
  /** Record pairs compared: all of them when equal, up to and including the first difference otherwise. */
  readonly compared: number;
  readonly mismatch: Mismatch | null;
}

/**
 * Compares record by record, in order: topic, key, window, value (structurally: object field order does not
 * matter, array order does) and timestamp. Null when both lists are equal.
 */
export function compareOutputs(kafka: readonly OutputRecord[], streamsim: readonly OutputRecord[], context = 3): Mismatch | null {
  const n = Math.max(kafka.length, streamsim.length);
  for (let i = 0; i < n; i++) {
    const k = kafka[i] ?? null;
    const s = streamsim[i] ?? null;
    const fields = k === null || s === null ? (['missing'] as const) : differingFields(k, s);
    if (fields.length === 0) continue;
    const from = Math.max(0, i - context);
    return {
      index: i,
      fields,
      kafka: k,
      streamsim: s,
      contextFrom: from,
      kafkaContext: kafka.slice(from, i + context + 1),
      streamsimContext: streamsim.slice(from, i + context + 1),
    };
  }
  return null;
}

export function compareCase(workload: string, seed: number, kafka: readonly OutputRecord[], streamsim: readonly OutputRecord[]): CaseComparison {
  const mismatch = compareOutputs(kafka, streamsim);
  return { workload, seed, compared: mismatch === null ? kafka.length : mismatch.index + 1, mismatch };
}

function differingFields(a: OutputRecord, b: OutputRecord): Mismatch['fields'] {
  const out: ('topic' | 'key' | 'window' | 'value' | 'timestamp')[] = [];
  if (a.topic !== b.topic) out.push('topic');
  if (!jsonEqual(a.key, b.key)) out.push('key');
  if (!windowEqual(a.window, b.window)) out.push('window');
  if (!jsonEqual(a.value, b.value)) out.push('value');
  if (a.timestamp !== b.timestamp) out.push('timestamp');
  return out;
}

function windowEqual(a: OutputRecord['window'], b: OutputRecord['window']): boolean {
  if (a === null || b === null) return a === b;
  return a.start === b.start && a.end === b.end;
}

/** Structural JSON equality: arrays in order, objects by field regardless of field order. */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x: Json, i: number) => jsonEqual(x, (b as readonly Json[])[i]!));
  }
  const ao = a as { readonly [f: string]: Json };
  const bo = b as { readonly [f: string]: Json };
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((f) => Object.hasOwn(bo, f) && jsonEqual(ao[f]!, bo[f]!));
}

/** A report of one mismatch: workload, seed, index, both records, then the context on each side. */
export function formatMismatch(c: CaseComparison): string {
  const m = c.mismatch;
  if (m === null) return `${c.workload} seed ${c.seed}: identical (${c.compared} records)`;
  const show = (r: OutputRecord | null): string => (r === null ? '(no record)' : JSON.stringify(r));
  const lines = [
    `${c.workload} seed ${c.seed}: output #${m.index} differs in ${m.fields.join(', ')}`,
    `  kafka:     ${show(m.kafka)}`,
    `  streamsim: ${show(m.streamsim)}`,
    `  kafka context from #${m.contextFrom}:`,
    ...m.kafkaContext.map((r, i) => `    ${m.contextFrom + i === m.index ? '>' : ' '} #${m.contextFrom + i} ${JSON.stringify(r)}`),
    `  streamsim context from #${m.contextFrom}:`,
    ...m.streamsimContext.map((r, i) => `    ${m.contextFrom + i === m.index ? '>' : ' '} #${m.contextFrom + i} ${JSON.stringify(r)}`),
  ];
  return lines.join('\n');
}
