import { JdbcConnectError, type KeyTransform } from './config.js';
import type { Row } from './table-reader.js';

/**
 * `ValueToKey` then, optionally, `ExtractField$Key` on one record value. Like the SMTs, a field missing from the
 * value is an error (Connect: DataException "Field does not exist"), not a null key.
 */
export function transformKey(t: KeyTransform | null, value: Row): unknown {
  if (t === null) return null; // the JDBC source never sets a key itself
  const struct: Record<string, unknown> = {};
  for (const f of t.valueToKey) {
    if (!(f in value)) throw new JdbcConnectError(`ValueToKey: field does not exist: ${f}`);
    struct[f] = value[f];
  }
  if (t.extractField === undefined) return struct;
  if (!(t.extractField in struct)) throw new JdbcConnectError(`ExtractField$Key: field does not exist: ${t.extractField}`);
  return struct[t.extractField];
}
