/**
 * KAFKA: a single column as a Kafka primitive (ksqlDB's KafkaSerdeFactory: Serdes.Integer, Long, Double,
 * String, and ByteBuffer for BYTES). No column at all is a Void serde. BOOLEAN, DECIMAL and the complex
 * types are rejected.
 */
import { Decimal, JsonNumber } from '../values.js';
import { decodeBase64, encodeBase64, integralOf, isJsonNumeric, numberText, parseJavaDouble, parseJavaInt, parseJavaLong } from './coerce.js';
import {
  checkExplicitWrapping,
  checkNoMapInKey,
  describeColumns,
  UnsupportedSchemaError,
  SerializationError,
  singleColumnRow,
  type Format,
  type FormatColumn,
} from './format.js';

// DATE, TIME and TIMESTAMP are Connect INT32/INT64 logical types, which KafkaSerdeFactory's INT32/INT64 serdes carry
const SUPPORTED = new Set(['INTEGER', 'BIGINT', 'DOUBLE', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP']);

export const KAFKA_FORMAT: Format = {
  name: 'KAFKA',
  // KafkaFormat supports UNWRAP_SINGLES only: a value is always the bare primitive
  wrapping: { wrap: false, unwrap: true },
  checkSupported(columns, isKey, explicit) {
    if (isKey) checkNoMapInKey(columns);
    else checkExplicitWrapping(KAFKA_FORMAT, columns.length, explicit);
    if (columns.length > 1) {
      const reason = `The 'KAFKA' format only supports a single field. Got: ${describeColumns(columns, isKey)}`;
      throw new UnsupportedSchemaError(reason);
    }
    const only = columns[0];
    if (only !== undefined && !SUPPORTED.has(only.type.base)) {
      throw new UnsupportedSchemaError(`The 'KAFKA' format does not support type '${only.type.base}'`);
    }
  },
  read(topicValue, columns) {
    if (topicValue === null || topicValue === undefined) return null;
    const only = columns[0];
    if (only === undefined) return {};
    return singleColumnRow(columns, readPrimitive(topicValue, only));
  },
  write(row, columns) {
    const only = columns[0];
    if (row === null || only === undefined) return null;
    const v = row[only.name];
    if (v === null || v === undefined) return null;
    switch (only.type.base) {
      case 'BIGINT':
        return isJsonNumeric(v) ? new JsonNumber(numberText(v)) : v;
      case 'BYTES':
        return v instanceof Uint8Array ? encodeBase64(v) : v;
      case 'STRING':
        return v;
      default:
        return isJsonNumeric(v) ? Number(numberText(v)) : v;
    }
  },
};

function readPrimitive(v: unknown, column: FormatColumn): unknown {
  const wrong = (): SerializationError =>
    new SerializationError(`Error deserializing KAFKA message: cannot read ${typeof v} as ${column.type.base}`);
  switch (column.type.base) {
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      if (isJsonNumeric(v) && !(v instanceof Decimal)) return Number(integralOf(v, 32));
      if (typeof v === 'string') return parseJavaInt(v);
      throw wrong();
    case 'BIGINT':
      if (isJsonNumeric(v) && !(v instanceof Decimal)) return integralOf(v, 64);
      if (typeof v === 'string') return parseJavaLong(v);
      throw wrong();
    case 'TIMESTAMP':
      if (isJsonNumeric(v) && !(v instanceof Decimal)) return Number(integralOf(v, 64));
      if (typeof v === 'string') return Number(parseJavaLong(v));
      throw wrong();
    case 'DOUBLE':
      if (isJsonNumeric(v)) return Number(numberText(v));
      if (typeof v === 'string') return parseJavaDouble(v);
      throw wrong();
    case 'STRING':
      if (typeof v === 'string') return v;
      if (isJsonNumeric(v) || typeof v === 'boolean') return isJsonNumeric(v) ? numberText(v) : String(v);
      throw wrong();
    case 'BYTES':
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return decodeBase64(v);
      throw wrong();
    default:
      throw wrong();
  }
}
