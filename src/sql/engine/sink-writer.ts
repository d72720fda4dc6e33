import type { StreamRecord } from '../../sim/processor.js';
import type { KStream } from '../../streams/index.js';
import { getFormat } from '../formats/index.js';
import { resolveScalar } from '../functions/index.js';
import { T } from '../types.js';
import type { Row } from '../values.js';
import type { DataSource } from './metastore.js';

/**
 * Writes a query's result to its sink topic in the sink's formats: the SQL key through the key format
 * (windowed keys as {key, window}), the row's value columns through the value format; a null row is a
 * tombstone.
 */
export function writeSink(stream: KStream<unknown, Row | null>, sink: DataSource): void {
  const keyFormat = getFormat(sink.keyFormat.format);
  const valueFormat = getFormat(sink.valueFormat.format);
  const keyCols = sink.keyColumns;
  const valueCols = sink.valueColumns;
  const writeKey = (key: unknown): unknown => {
    // A null SQL key is a null Kafka key, one key column or several (ksqlDB's key serializers return null for null)
    if (keyCols.length === 0 || key === null) return null;
    const keyRow: Row = {};
    if (keyCols.length === 1) keyRow[keyCols[0]!.name] = key;
    else keyCols.forEach((c, i) => (keyRow[c.name] = (key as unknown[] | null)?.[i] ?? null));
    return keyFormat.write(keyRow, keyCols, { ...sink.keyFormat, wrapSingleValue: false });
  };
  const timestampOf = sinkTimestamp(sink);
  stream
    .stateless<unknown, unknown>('KSTREAM-MAPVALUES-', undefined, false, (r: StreamRecord<unknown, Row | null>, c) => {
      let timestamp = r.timestamp;
      if (timestampOf !== null) {
        // A tombstone takes the stream time; a row whose timestamp cannot be read is dropped (SinkBuilder's
        // TimestampProcessorSupplier logs the error and forwards nothing).
        timestamp = r.value === null ? c.currentStreamTimeMs() : timestampOf(r.value);
        if (!(timestamp >= 0)) {
          c.recordDropped('Error writing row with extracted timestamp');
          return;
        }
      }
      const windowed = sink.window !== null && r.key !== null && typeof r.key === 'object' && 'window' in (r.key as object);
      const key = windowed
        ? { key: writeKey((r.key as { key: unknown }).key), window: (r.key as { window: { start: number; end: number } }).window }
        : writeKey(r.key);
      const value = r.value === null ? null : valueFormat.write(r.value, valueCols, sink.valueFormat);
      c.forward({ key, value, timestamp, headers: r.headers });
    })
    .to(sink.topic);
}

/**
 * The sink's WITH (TIMESTAMP='col' [, TIMESTAMP_FORMAT='...']): each output record's timestamp is read from
 * that output column, a BIGINT or TIMESTAMP as epoch ms, a STRING parsed with the format (ksqlDB's
 * TimestampExtractionPolicyFactory). NaN or a negative number means the row has no usable timestamp.
 */
function sinkTimestamp(sink: DataSource): ((row: Row) => number) | null {
  const column = sink.timestampColumn;
  if (column === null) return null;
  const format = sink.timestampFormat;
  const parse = format === null ? null : resolveScalar('PARSE_TIMESTAMP', [T.STRING, T.STRING]);
  return (row) => {
    const v = row[column];
    if (v === null || v === undefined) return NaN;
    try {
      if (parse !== null && typeof v === 'string') {
        const parsed = parse.invoke([v, format]);
        return parsed === null || parsed === undefined ? NaN : Number(parsed);
      }
      return Number(v);
    } catch {
      return NaN;
    }
  };
}
