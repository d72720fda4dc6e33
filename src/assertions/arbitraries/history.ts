import fc, { type Arbitrary } from 'fast-check';

/** One input record of a history: plain data, JSON-safe when its value is. */
export interface HistoryRecord<V = unknown> {
  readonly topic: string;
  readonly key: string;
  readonly value: V;
  readonly timestamp: number;
}

export interface HistoryOptions<V = number> {
  /** Topics the records go to; default ['in']. */
  readonly topics?: readonly string[];
  /** Key names, or how many (named k0, k1, ...); default 3. Few keys make collisions (same key, same window) common. */
  readonly keys?: number | readonly string[];
  /** At most this many records; default 20. */
  readonly maxRecords?: number;
  /** At least this many records; default 0. */
  readonly minRecords?: number;
  /** Largest gap between consecutive timestamps; default 10 ms. Gaps shrink towards 0. */
  readonly maxGapMs?: number;
  /** The first record is at startTime + its gap; default 0. */
  readonly startTime?: number;
  /** Record values; default small integers 1..9 (shrinking towards 1). */
  readonly value?: Arbitrary<V>;
}

/** One generated record before timestamps are accumulated: each field shrinks on its own. */
export interface RecordDraw<V> {
  readonly topic: number;
  readonly key: number;
  readonly gapMs: number;
  readonly value: V;
}

/** The key names a HistoryOptions.keys stands for. */
export function keyNames(keys: HistoryOptions['keys'] = 3): readonly string[] {
  if (typeof keys !== 'number') {
    if (keys.length === 0) throw new RangeError('historyArbitrary: keys must name at least one key');
    return keys;
  }
  if (!Number.isInteger(keys) || keys < 1) throw new RangeError(`historyArbitrary: keys must be an integer >= 1, got ${keys}`);
  return Array.from({ length: keys }, (_, i) => `k${i}`);
}

/**
 * The arbitrary of one record draw. Topic and key are indexes that shrink towards 0 (the first topic,
 * the first key: fewer distinct keys), the gap towards 0 ms.
 */
export function recordDrawArbitrary<V>(options: HistoryOptions<V>): Arbitrary<RecordDraw<V>> {
  const topics = options.topics ?? ['in'];
  if (topics.length === 0) throw new RangeError('historyArbitrary: topics must name at least one topic');
  const keys = keyNames(options.keys);
  const maxGapMs = options.maxGapMs ?? 10;
  if (!Number.isInteger(maxGapMs) || maxGapMs < 0) throw new RangeError(`historyArbitrary: maxGapMs must be an integer >= 0, got ${maxGapMs}`);
  const value = options.value ?? (fc.integer({ min: 1, max: 9 }) as unknown as Arbitrary<V>);
  return fc.record({
    topic: fc.nat({ max: topics.length - 1 }),
    key: fc.nat({ max: keys.length - 1 }),
    gapMs: fc.nat({ max: maxGapMs }),
    value,
  });
}

/** Turns draws into records in timestamp order: each timestamp is the previous one plus the draw's gap. */
export function recordsFromDraws<V>(draws: readonly RecordDraw<V>[], options: HistoryOptions<V>): HistoryRecord<V>[] {
  const topics = options.topics ?? ['in'];
  const keys = keyNames(options.keys);
  let timestamp = options.startTime ?? 0;
  return draws.map((d) => {
    timestamp += d.gapMs;
    return { topic: topics[d.topic]!, key: keys[d.key]!, value: d.value, timestamp };
  });
}

/**
 * Keyed, timestamped records in timestamp order. Shrinks towards fewer records, fewer distinct keys
 * (keys shrink to the first name), smaller time gaps and smaller values.
 */
export function historyArbitrary<V = number>(options: HistoryOptions<V> = {}): Arbitrary<HistoryRecord<V>[]> {
  const maxRecords = options.maxRecords ?? 20;
  return fc
    .array(recordDrawArbitrary(options), { minLength: options.minRecords ?? 0, maxLength: maxRecords })
    .map((draws) => recordsFromDraws(draws, options));
}
