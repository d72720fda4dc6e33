import type { Headers } from '../record.js';
import { NO_HEADERS } from '../record.js';
import type { TestRecord } from './test-record.js';

export interface InputTopicOptions {
  /** Timestamp of the first record piped without one (Kafka: startTimestamp). Default: the driver's startTime. */
  readonly startTimestamp?: number;
  /** How far the topic's time moves after each record piped without a timestamp (Kafka: autoAdvance). */
  readonly autoAdvanceMs?: number;
}

export interface InputPipe {
  pipe(topic: string, key: unknown, value: unknown, timestamp: number, headers: Headers): void;
  pipeBatch(records: ReadonlyArray<{ topic: string; key: unknown; value: unknown; timestamp: number; headers: Headers }>): void;
}

/** Writes records into one input topic and processes them at once (Kafka's TestInputTopic). */
export class TestInputTopic<K = unknown, V = unknown> {
  private currentTimeMs: number;
  private readonly autoAdvanceMs: number;

  constructor(
    readonly name: string,
    private readonly driver: InputPipe,
    options: InputTopicOptions & { startTimestamp: number },
  ) {
    this.currentTimeMs = options.startTimestamp;
    this.autoAdvanceMs = options.autoAdvanceMs ?? 0;
  }

  /** pipeInput(value), pipeInput(key, value), pipeInput(key, value, timestampMs) or pipeInput(record). */
  pipeInput(value: V): void;
  pipeInput(key: K, value: V, timestampMs?: number, headers?: Headers): void;
  pipeInput(record: TestRecord<K, V>): void;
  pipeInput(...args: unknown[]): void {
    const r = this.toRecord(args);
    this.driver.pipe(this.name, r.key, r.value, r.timestamp, r.headers);
  }

  /** Pipes every record, then processes them together (the task picks by lowest timestamp). */
  pipeRecordList(records: ReadonlyArray<Partial<TestRecord<K, V>> & { value: V }>): void {
    this.driver.pipeBatch(
      records.map((r) => ({
        topic: this.name,
        key: r.key ?? null,
        value: r.value,
        timestamp: r.timestamp ?? this.nextTime(),
        headers: r.headers ?? NO_HEADERS,
      })),
    );
  }

  pipeKeyValueList(pairs: ReadonlyArray<{ key: K; value: V }>, startTimestampMs?: number, advanceMs = 0): void {
    let ts = startTimestampMs;
    this.pipeRecordList(
      pairs.map((p) => {
        const r = { key: p.key, value: p.value, timestamp: ts ?? this.nextTime() };
        if (ts !== undefined) ts += advanceMs;
        return r;
      }),
    );
  }

  pipeValueList(values: readonly V[]): void {
    this.pipeRecordList(values.map((value) => ({ value })));
  }

  /** Moves this topic's time, used for records piped without a timestamp (Kafka: advanceTime). */
  advanceTime(ms: number): void {
    if (ms < 0) throw new RangeError(`advanceTime takes a non-negative duration, got ${ms}`);
    this.currentTimeMs += ms;
  }

  private toRecord(args: unknown[]): { key: unknown; value: unknown; timestamp: number; headers: Headers } {
    if (args.length === 1) {
      const a = args[0];
      if (isTestRecord(a)) return { key: a.key ?? null, value: a.value, timestamp: a.timestamp ?? this.nextTime(), headers: a.headers ?? NO_HEADERS };
      return { key: null, value: a, timestamp: this.nextTime(), headers: NO_HEADERS };
    }
    const [key, value, ts, headers] = args as [unknown, unknown, number | undefined, Headers | undefined];
    return { key, value, timestamp: ts ?? this.nextTime(), headers: headers ?? NO_HEADERS };
  }

  private nextTime(): number {
    const t = this.currentTimeMs;
    this.currentTimeMs += this.autoAdvanceMs;
    return t;
  }
}

/** A TestRecord is recognised by its own marker so that a plain object value is never mistaken for one. */
export const TEST_RECORD = Symbol.for('streamsim.TestRecord');

export function testRecord<K, V>(key: K, value: V, timestamp?: number, headers?: Headers): TestRecord<K, V> & { [TEST_RECORD]: true } {
  return { key, value, timestamp: timestamp as number, headers: headers ?? NO_HEADERS, [TEST_RECORD]: true };
}

function isTestRecord(a: unknown): a is Partial<TestRecord<unknown, unknown>> {
  return typeof a === 'object' && a !== null && (a as Record<symbol, unknown>)[TEST_RECORD] === true;
}
