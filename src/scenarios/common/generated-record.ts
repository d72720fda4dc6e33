import type { Headers } from '../../sim/record.js';

/**
 * A record made by a scenario generator (SCENARIOS.md §0.4): `timestamp` is its event time (the record
 * timestamp), `appendAt` the virtual time it reaches the broker (normally = timestamp; faults may delay it) and
 * `seq` its place in generation order. `partition`, when set, overrides the §0.3 partitioner.
 */
export interface GeneratedRecord<K = unknown, V = unknown> {
  readonly topic: string;
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly appendAt: number;
  readonly seq: number;
  readonly headers?: Headers;
  readonly partition?: number;
}

/** What a generator emits; {@link RecordSequencer} fills in `seq` and, unless given, `appendAt = timestamp`. */
export interface NewRecord<K = unknown, V = unknown> {
  readonly topic: string;
  readonly key: K;
  readonly value: V;
  readonly timestamp: number;
  readonly appendAt?: number;
  readonly headers?: Headers;
  readonly partition?: number;
}

/** Broker append order: by `appendAt`, then `seq`; stable, so exact ties (duplicates) keep their input order. */
export function compareAppendOrder(a: GeneratedRecord, b: GeneratedRecord): number {
  return a.appendAt - b.appendAt || a.seq - b.seq;
}

/** Generation order: by `seq`. */
export function compareSeq(a: GeneratedRecord, b: GeneratedRecord): number {
  return a.seq - b.seq;
}

/** A new array of the records in append order, (appendAt, seq), stable. The input is not modified. */
export function appendOrder<R extends GeneratedRecord>(records: readonly R[]): R[] {
  return [...records].sort(compareAppendOrder);
}

/** Numbers records in generation order: the n-th call to {@link RecordSequencer.emit} gets `seq = n` (from 0). */
export class RecordSequencer {
  private readonly emitted: GeneratedRecord[] = [];

  /** Records emitted so far, in generation (seq) order. */
  get records(): readonly GeneratedRecord[] {
    return this.emitted;
  }

  emit<K, V>(record: NewRecord<K, V>): GeneratedRecord<K, V> {
    const { appendAt, headers, partition, ...rest } = record;
    const generated: GeneratedRecord<K, V> = {
      ...rest,
      appendAt: appendAt ?? record.timestamp,
      seq: this.emitted.length,
      ...(headers === undefined ? {} : { headers }),
      ...(partition === undefined ? {} : { partition }),
    };
    this.emitted.push(generated);
    return generated;
  }
}
