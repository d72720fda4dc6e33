import type { TimestampExtractor } from '../../sim/processor.js';
import type { StreamRecord } from '../../sim/processor.js';
import { Consumed, windowed, type KStream, type StreamsBuilder, type Window } from '../../streams/index.js';
import { getFormat } from '../formats/index.js';
import { resolveScalar } from '../functions/index.js';
import { T } from '../types.js';
import type { Row } from '../values.js';
import type { Column, DataSource } from './metastore.js';

/** Pseudo columns every source row carries (ksqlDB's system columns). */
export const ROWTIME = 'ROWTIME';
export const ROWPARTITION = 'ROWPARTITION';
export const ROWOFFSET = 'ROWOFFSET';
export const WINDOWSTART = 'WINDOWSTART';
export const WINDOWEND = 'WINDOWEND';

/** The SQL key of a row: the value of its only key column, an array for several, null for none. */
export function keyOf(keyColumns: readonly Column[], row: Row): unknown {
  if (keyColumns.length === 0) return null;
  if (keyColumns.length === 1) return row[keyColumns[0]!.name] ?? null;
  return keyColumns.map((c) => row[c.name] ?? null);
}

/** Reads a key in topic representation into the row fragment of the key columns. */
function keyReader(source: DataSource): (topicKey: unknown) => Row {
  const cols = source.keyColumns;
  if (cols.length === 0) return () => ({});
  const format = getFormat(source.keyFormat.format);
  const info = { ...source.keyFormat, wrapSingleValue: false };
  // A windowed source's topic key is {key, window}: the key columns come from the inner key.
  if (source.window !== null) return (topicKey) => format.read(innerKey(topicKey), cols, info) as Row;
  return (topicKey) => format.read(topicKey, cols, info) as Row;
}

function innerKey(topicKey: unknown): unknown {
  return topicKey !== null && typeof topicKey === 'object' && 'window' in topicKey ? (topicKey as unknown as { key: unknown }).key : topicKey;
}

/**
 * The window of a windowed source's record. ksqlDB's time-windowed key serde stores only the window start
 * (TimeWindowedSerializer), so the end is start + WINDOW_SIZE; session keys store both bounds, the end
 * inclusive (SessionWindowedSerializer). A key without a window cannot be read.
 */
function windowReader(source: DataSource): ((topicKey: unknown) => Window) | null {
  const info = source.window;
  if (info === null) return null;
  const size = info.type === 'SESSION' ? null : info.sizeMs;
  return (topicKey) => {
    const w = topicKey !== null && typeof topicKey === 'object' ? (topicKey as { window?: Window }).window : undefined;
    if (w === undefined) throw new Error('windowed key without a window');
    const start = Number(w.start);
    return { start, end: size === null ? Number(w.end) : start + size };
  };
}

function valueReader(source: DataSource): (topicValue: unknown) => Row | null {
  const format = getFormat(source.valueFormat.format);
  const cols = source.valueColumns;
  // A null value is a null row, wrapped or not (ksqlDB's UnwrappedDeserializer returns null for null bytes).
  return (topicValue) => {
    if (topicValue === null || topicValue === undefined) return null;
    return format.read(topicValue, cols, source.valueFormat) as Row;
  };
}

/**
 * ksqlDB's TIMESTAMP / TIMESTAMP_FORMAT: the event time comes from a value column (a BIGINT of epoch ms,
 * a TIMESTAMP, or a string parsed with the format). A record whose column cannot be read is dropped, or,
 * with ksql.timestamp.throw.on.invalid, its error escapes the extractor (LoggingTimestampExtractor).
 */
function timestampExtractor(source: DataSource, throwOnInvalid: boolean): TimestampExtractor | undefined {
  const column = source.timestampColumn;
  if (column === null) return undefined;
  const readValue = valueReader(source);
  const readKey = keyReader(source);
  const col = [...source.keyColumns, ...source.valueColumns].find((c) => c.name === column);
  const format = source.timestampFormat;
  // PARSE_TIMESTAMP is ksqlDB's parser for TIMESTAMP_FORMAT (a Java DateTimeFormatter pattern, UTC).
  const parse = format === null ? null : resolveScalar('PARSE_TIMESTAMP', [T.STRING, T.STRING]);
  return (record) => {
    try {
      const row = { ...readKey(record.key), ...(readValue(record.value) ?? {}) };
      const v = row[column];
      if (v === null || v === undefined) return -1;
      if (parse !== null && typeof v === 'string') return Number(parse.invoke([v, format]));
      if (col !== undefined && col.type.base === 'TIMESTAMP') return Number(v);
      return Number(v);
    } catch (err) {
      if (throwOnInvalid) throw err;
      return -1;
    }
  };
}

/**
 * The records of a source as (SQL key, row) pairs: key and value read with the source's formats, plus the
 * system columns. A record that does not deserialize is dropped and counted, as ksqlDB logs it to its
 * processing log and skips it.
 */
function addWindow(row: Row, w: Window): void {
  row[WINDOWSTART] = w.start;
  row[WINDOWEND] = w.end;
}

export function readSource(builder: StreamsBuilder, source: DataSource, properties: Readonly<Record<string, string>> = {}): KStream<unknown, Row | null> {
  const readKey = keyReader(source);
  const readValue = valueReader(source);
  const extractor = timestampExtractor(source, properties['ksql.timestamp.throw.on.invalid']?.toLowerCase() === 'true');
  const readWindow = windowReader(source);
  // A missing topic key is a null SQL key, even for several key columns (multi-col-keys.json: tables drop it).
  // A windowed source's SQL key carries its window, as the result of a windowed aggregation does.
  const sqlKey = (topicKey: unknown, row: Row): unknown => {
    if (topicKey === null || topicKey === undefined) return null;
    const key = keyOf(source.keyColumns, row);
    return readWindow === null ? key : windowed(key, row[WINDOWSTART] as number, row[WINDOWEND] as number);
  };
  const raw = builder.stream<unknown, unknown>(source.topic, extractor === undefined ? {} : Consumed.withTimestampExtractor(extractor));
  return raw.stateless<unknown, Row | null>('KSTREAM-TRANSFORMVALUES-', undefined, false, (r: StreamRecord<unknown, unknown>, c) => {
    let row: Row;
    try {
      const value = readValue(r.value);
      if (value === null) {
        // A tombstone: tables delete the key; streams drop it (ksqlDB skips null values in streams).
        const keyRow = readKey(r.key);
        if (readWindow !== null) addWindow(keyRow, readWindow(r.key));
        c.forward({ key: sqlKey(r.key, keyRow), value: null, timestamp: r.timestamp, headers: r.headers });
        return;
      }
      row = { ...readKey(r.key), ...value };
      if (readWindow !== null) addWindow(row, readWindow(r.key));
    } catch (err) {
      c.recordDropped(`deserialization error: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const meta = c.recordMetadata();
    row[ROWTIME] = r.timestamp;
    row[ROWPARTITION] = meta?.partition ?? 0;
    row[ROWOFFSET] = meta === null ? 0n : BigInt(meta.offset);
    c.forward({ key: sqlKey(r.key, row), value: row, timestamp: r.timestamp, headers: r.headers });
  });
}
