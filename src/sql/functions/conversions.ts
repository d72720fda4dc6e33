/**
 * Number-from-bytes conversions (ksqlDB's io.confluent.ksql.function.udf.conversions: INT_FROM_BYTES,
 * BIGINT_FROM_BYTES, DOUBLE_FROM_BYTES): the bytes must be exactly the number's width, big endian unless
 * the second argument says 'LITTLE_ENDIAN'.
 */
import { SqlEvaluationError } from '../errors.js';
import { T, type SqlType } from '../types.js';
import type { FunctionDef } from './registry.js';

/** BytesUtils.byteOrderType: the two java.nio.ByteOrder names, in any case. */
function littleEndian(order: string): boolean {
  const o = order.toUpperCase();
  if (o === 'BIG_ENDIAN') return false;
  if (o === 'LITTLE_ENDIAN') return true;
  throw new SqlEvaluationError(`Byte order must be BIG_ENDIAN or LITTLE_ENDIAN. Unknown byte order '${order}'.`);
}

function view(bytes: Uint8Array, width: number): DataView {
  if (bytes.length !== width) throw new SqlEvaluationError(`Number of bytes must be equal to ${width}, but found ${bytes.length}`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
}

function fromBytes(name: string, type: SqlType, width: number, read: (v: DataView, little: boolean) => unknown): FunctionDef {
  return {
    name,
    overloads: [
      { params: ['BYTES'], returns: type, invoke: ([b]) => read(view(b as Uint8Array, width), false) },
      { params: ['BYTES', 'STRING'], returns: type, invoke: ([b, o]) => read(view(b as Uint8Array, width), littleEndian(o as string)) },
    ],
  };
}

export const CONVERSION_FUNCTIONS: readonly FunctionDef[] = [
  fromBytes('INT_FROM_BYTES', T.INTEGER, 4, (v, little) => v.getInt32(0, little)),
  fromBytes('BIGINT_FROM_BYTES', T.BIGINT, 8, (v, little) => v.getBigInt64(0, little)),
  fromBytes('DOUBLE_FROM_BYTES', T.DOUBLE, 8, (v, little) => v.getFloat64(0, little)),
];
