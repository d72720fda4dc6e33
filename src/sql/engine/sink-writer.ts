import type { StreamRecord } from '../../sim/processor.js';
import type { KStream } from '../../streams/index.js';
import { getFormat } from '../formats/index.js';
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
  stream
    .stateless<unknown, unknown>('KSTREAM-MAPVALUES-', undefined, false, (r: StreamRecord<unknown, Row | null>, c) => {
      const windowed = sink.window !== null && r.key !== null && typeof r.key === 'object' && 'window' in (r.key as object);
      const key = windowed
        ? { key: writeKey((r.key as { key: unknown }).key), window: (r.key as { window: { start: number; end: number } }).window }
        : writeKey(r.key);
      const value = r.value === null ? null : valueFormat.write(r.value, valueCols, sink.valueFormat);
      c.forward({ key, value, timestamp: r.timestamp, headers: r.headers });
    })
    .to(sink.topic);
}
