import type { JdbcMode } from './table-reader.js';

/**
 * ValueToKey + ExtractField$Key, the usual SMT pair that gives JDBC source records a key (the connector itself
 * always sets the key to null): `valueToKey` copies these value fields into a struct key; `extractField`, when
 * given, then replaces the struct by that one field's value.
 */
export interface KeyTransform {
  readonly valueToKey: readonly string[];
  readonly extractField?: string;
}

/** The JDBC source connector settings the simulation honours, with Connect's names in the comments. */
export interface JdbcSourceConfig {
  /** `mode`. */
  readonly mode: JdbcMode;
  /** `table.whitelist`: one querier (and one offset) per table. */
  readonly tables: readonly string[];
  /** `topic.prefix`: each table goes to `<prefix><table>`. */
  readonly topicPrefix: string;
  /** `timestamp.column.name` (several are COALESCEd in order). Required for timestamp modes. */
  readonly timestampColumnName?: string | readonly string[];
  /** `incrementing.column.name`. Required for incrementing modes. */
  readonly incrementingColumnName?: string;
  /** `poll.interval.ms`, default 5000. */
  readonly pollIntervalMs?: number;
  /** `batch.max.rows`, default 100: the rows one `poll()` returns; the rest of the result set follows at once. */
  readonly batchMaxRows?: number;
  /** `timestamp.delay.interval.ms`, default 0: the query's upper bound is `now − delay`. */
  readonly timestampDelayIntervalMs?: number;
  /** `validate.non.null`, default true: refuse to start when an offset column is nullable. */
  readonly validateNonNull?: boolean;
  /** `transforms` = ValueToKey + ExtractField$Key; without it every key is null. */
  readonly keyTransform?: KeyTransform;
}

/** A config with Connect's defaults filled in and checked. */
export interface ResolvedJdbcSourceConfig {
  readonly mode: JdbcMode;
  readonly tables: readonly string[];
  readonly topicPrefix: string;
  readonly timestampColumns: readonly string[];
  readonly incrementingColumn: string | null;
  readonly pollIntervalMs: number;
  readonly batchMaxRows: number;
  readonly timestampDelayIntervalMs: number;
  readonly validateNonNull: boolean;
  readonly keyTransform: KeyTransform | null;
}

/** Thrown where Connect throws a `ConnectException` (bad config, nullable offset column). */
export class JdbcConnectError extends Error {
  override readonly name = 'JdbcConnectError';
}

function positiveInt(v: number, name: string): number {
  if (!Number.isSafeInteger(v) || v < 1) throw new JdbcConnectError(`${name} must be an integer >= 1, got ${String(v)}`);
  return v;
}

export function resolveConfig(c: JdbcSourceConfig): ResolvedJdbcSourceConfig {
  const timestampColumns = c.timestampColumnName === undefined ? [] : typeof c.timestampColumnName === 'string' ? [c.timestampColumnName] : [...c.timestampColumnName];
  const usesTs = c.mode === 'timestamp' || c.mode === 'timestamp+incrementing';
  const usesInc = c.mode === 'incrementing' || c.mode === 'timestamp+incrementing';
  if (usesTs && timestampColumns.length === 0) throw new JdbcConnectError(`mode '${c.mode}' needs timestamp.column.name`);
  if (usesInc && (c.incrementingColumnName === undefined || c.incrementingColumnName === '')) {
    throw new JdbcConnectError(`mode '${c.mode}' needs incrementing.column.name`);
  }
  if (c.tables.length === 0) throw new JdbcConnectError('table.whitelist is empty');
  const delay = c.timestampDelayIntervalMs ?? 0;
  if (!Number.isSafeInteger(delay) || delay < 0) throw new JdbcConnectError(`timestamp.delay.interval.ms must be >= 0, got ${String(delay)}`);
  if (c.keyTransform !== undefined && c.keyTransform.valueToKey.length === 0) throw new JdbcConnectError('ValueToKey needs at least one field');
  return {
    mode: c.mode,
    tables: [...c.tables],
    topicPrefix: c.topicPrefix,
    timestampColumns: usesTs ? timestampColumns : [],
    incrementingColumn: usesInc ? c.incrementingColumnName! : null,
    pollIntervalMs: positiveInt(c.pollIntervalMs ?? 5000, 'poll.interval.ms'),
    batchMaxRows: positiveInt(c.batchMaxRows ?? 100, 'batch.max.rows'),
    timestampDelayIntervalMs: delay,
    validateNonNull: c.validateNonNull ?? true,
    keyTransform: c.keyTransform ?? null,
  };
}
