import { TopologyError } from '../../sim/errors.js';

/** What a full suppression buffer does: emit its oldest records early, or stop the application. */
export type BufferFullStrategy = 'emitEarly' | 'shutDown';

/**
 * Kafka's Suppressed.BufferConfig: how many records (and, estimated here, bytes) the suppression buffer
 * may hold and what happens beyond. `maxRecords`/`maxBytes` give an eager buffer (emits early when
 * full); `unbounded()` and `shutDownWhenFull()` give a strict one (never emits early: final results only).
 * The buffer has a changelog unless logging is disabled.
 */
export class BufferConfig {
  private constructor(
    readonly maxRecords: number,
    /** Estimated from the JSON size of keys and values (Kafka counts serialized bytes). */
    readonly maxBytes: number,
    readonly bufferFullStrategy: BufferFullStrategy,
    readonly loggingEnabled: boolean,
    readonly logConfig: Readonly<Record<string, string>>,
  ) {}

  /** A buffer holding at most `recordLimit` records that emits the oldest early when full. */
  static maxRecords(recordLimit: number): BufferConfig {
    return new BufferConfig(checkLimit('maxRecords', recordLimit), Infinity, 'emitEarly', true, {});
  }

  /** A buffer holding at most about `byteLimit` bytes that emits the oldest early when full. */
  static maxBytes(byteLimit: number): BufferConfig {
    return new BufferConfig(Infinity, checkLimit('maxBytes', byteLimit), 'emitEarly', true, {});
  }

  /** No limit: the buffer grows with the number of open windows (a strict buffer). */
  static unbounded(): BufferConfig {
    return new BufferConfig(Infinity, Infinity, 'shutDown', true, {});
  }

  withMaxRecords(recordLimit: number): BufferConfig {
    return this.with({ maxRecords: checkLimit('maxRecords', recordLimit) });
  }

  withMaxBytes(byteLimit: number): BufferConfig {
    return this.with({ maxBytes: checkLimit('maxBytes', byteLimit) });
  }

  /** Removes both limits; the result is strict, as Kafka's withNoBound. */
  withNoBound(): BufferConfig {
    return this.with({ maxRecords: Infinity, maxBytes: Infinity, bufferFullStrategy: 'shutDown' });
  }

  /** When full, emit the oldest records before their time (results may then be non-final). */
  emitEarlyWhenFull(): BufferConfig {
    return this.with({ bufferFullStrategy: 'emitEarly' });
  }

  /** When full, fail with an error rather than emit non-final results. */
  shutDownWhenFull(): BufferConfig {
    return this.with({ bufferFullStrategy: 'shutDown' });
  }

  withLoggingDisabled(): BufferConfig {
    return this.with({ loggingEnabled: false });
  }

  withLoggingEnabled(config: Readonly<Record<string, string>> = {}): BufferConfig {
    return this.with({ loggingEnabled: true, logConfig: config });
  }

  private with(o: Partial<Pick<BufferConfig, 'maxRecords' | 'maxBytes' | 'bufferFullStrategy' | 'loggingEnabled' | 'logConfig'>>): BufferConfig {
    return new BufferConfig(
      o.maxRecords ?? this.maxRecords,
      o.maxBytes ?? this.maxBytes,
      o.bufferFullStrategy ?? this.bufferFullStrategy,
      o.loggingEnabled ?? this.loggingEnabled,
      o.logConfig ?? this.logConfig,
    );
  }
}

function checkLimit(what: string, limit: number): number {
  if (!(limit >= 0) || !Number.isInteger(limit)) throw new TopologyError(`BufferConfig.${what} must be a non-negative integer, got ${limit}`);
  return limit;
}

/** Kafka's Suppressed: how KTable#suppress holds updates back. */
export interface Suppressed<K> {
  /** untilWindowCloses: one final result per window; untilTimeLimit: the latest value per key after a delay. */
  readonly kind: 'untilWindowCloses' | 'untilTimeLimit';
  /** Names the suppress processor (and its buffer store `<name>-store`); generated when unset. */
  readonly name: string | undefined;
  /** untilTimeLimit: how long a key's first update waits for more (ms); untilWindowCloses: unused. */
  readonly timeToWaitForMoreEventsMs: number;
  readonly bufferConfig: BufferConfig;
  withName(name: string): Suppressed<K>;
  /** Type marker only: contravariant in K, so a Suppressed for any key (Kafka's `Suppressed<? super K>`) fits a table. */
  readonly _key?: (key: K) => void;
}

class SuppressedConfig<K> implements Suppressed<K> {
  constructor(
    readonly kind: Suppressed<K>['kind'],
    readonly name: string | undefined,
    readonly timeToWaitForMoreEventsMs: number,
    readonly bufferConfig: BufferConfig,
  ) {}

  withName(name: string): Suppressed<K> {
    if (typeof name !== 'string' || name.length === 0) throw new TopologyError('Suppressed.withName needs a non-empty name');
    return new SuppressedConfig<K>(this.kind, name, this.timeToWaitForMoreEventsMs, this.bufferConfig);
  }
}

export const Suppressed = {
  /**
   * Emits only the final result of each window, once stream time passes window end + grace. Needs a
   * strict buffer (unbounded() or shutDownWhenFull()): an eager one could emit non-final results.
   */
  untilWindowCloses<K>(bufferConfig: BufferConfig = BufferConfig.unbounded()): Suppressed<K> {
    if (bufferConfig.bufferFullStrategy !== 'shutDown') {
      throw new TopologyError(
        'Suppressed.untilWindowCloses needs a strict buffer that never emits early: use BufferConfig.unbounded() or add .shutDownWhenFull()',
      );
    }
    return new SuppressedConfig<K>('untilWindowCloses', undefined, 0, bufferConfig);
  },

  /** Emits a key's latest value once `timeToWaitForMoreEventsMs` of stream time passed since its first buffered update. */
  untilTimeLimit<K>(timeToWaitForMoreEventsMs: number, bufferConfig: BufferConfig): Suppressed<K> {
    if (!Number.isFinite(timeToWaitForMoreEventsMs) || timeToWaitForMoreEventsMs < 0) {
      throw new TopologyError(`Suppressed.untilTimeLimit: the time limit must be a non-negative number of ms, got ${timeToWaitForMoreEventsMs}`);
    }
    if (!(bufferConfig instanceof BufferConfig)) throw new TopologyError('Suppressed.untilTimeLimit needs a BufferConfig (e.g. BufferConfig.unbounded())');
    return new SuppressedConfig<K>('untilTimeLimit', undefined, timeToWaitForMoreEventsMs, bufferConfig);
  },

  /** Kafka's nested Suppressed.BufferConfig. */
  BufferConfig,
};
