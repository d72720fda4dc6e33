/**
 * DELIMITED (ksqlDB's KsqlDelimitedDeserializer/Serializer): a row is one CSV record, the columns in order.
 * Only primitive types; an empty field reads as null; numbers parse with Java's rules; doubles print as
 * Java's Double.toString and decimals in plain notation at the column's scale.
 */
import { SqlStatementError } from '../errors.js';
import { formatType, type SqlType } from '../types.js';
import { Decimal, type Row } from '../values.js';
import {
  decodeBase64,
  encodeBase64,
  ensureDecimalFits,
  isJsonNumeric,
  javaDoubleToString,
  numberText,
  parseBigDecimal,
  parseJavaDouble,
  parseJavaInt,
  parseJavaLong,
} from './coerce.js';
import { parseCsvRecord, printCsvRecord } from './csv.js';
import { checkExplicitWrapping, checkNoMapInKey, UnsupportedSchemaError, SerializationError, type Format, type FormatOptions } from './format.js';

const SUPPORTED = new Set(['BOOLEAN', 'INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL', 'STRING', 'BYTES', 'DATE', 'TIME', 'TIMESTAMP']);

/**
 * VALUE_DELIMITER as written in a WITH clause to the character: one character, or 'TAB' / 'SPACE'.
 * Throws ksqlDB's messages for anything else.
 */
export function parseValueDelimiter(text: string): string {
  const upper = text.toUpperCase();
  if (upper === 'TAB') return '\t';
  if (upper === 'SPACE') return ' ';
  const prefix = 'Failed to prepare statement: Configuration VALUE_DELIMITER is invalid: ';
  const example = "\nExample valid value: ';'";
  if (text.trim().length === 0) {
    throw new SqlStatementError(
      `${prefix}Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'${example}`,
    );
  }
  if ([...text].length !== 1) {
    throw new SqlStatementError(`${prefix}Invalid delimiter value: '${text}'. Delimiter must be a single character or TAB,SPACE${example}`);
  }
  return text;
}

function delimiterOf(options: FormatOptions | undefined): string {
  const d = options?.delimiter;
  if (d === undefined) return ',';
  if (d === 'TAB') return '\t';
  if (d === 'SPACE') return ' ';
  return d;
}

export const DELIMITED_FORMAT: Format = {
  name: 'DELIMITED',
  // DelimitedFormat supports UNWRAP_SINGLES only: a single value is always one bare field
  wrapping: { wrap: false, unwrap: true },
  checkSupported(columns, isKey, explicit) {
    if (isKey) checkNoMapInKey(columns);
    else checkExplicitWrapping(DELIMITED_FORMAT, columns.length, explicit);
    if (explicit?.delimiter !== undefined) parseValueDelimiter(explicit.delimiter);
    for (const c of columns) {
      if (SUPPORTED.has(c.type.base)) continue;
      const reason = `The 'DELIMITED' format does not support type '${c.type.base}', column: \`${c.name}\``;
      throw new UnsupportedSchemaError(reason);
    }
  },
  read(topicValue, columns, options) {
    if (topicValue === null || topicValue === undefined) return null;
    if (columns.length === 0) return {};
    const text = typeof topicValue === 'string' ? topicValue : isJsonNumeric(topicValue) ? numberText(topicValue) : String(topicValue);
    const fields = parseCsvRecord(text, delimiterOf(options));
    if (fields === null || fields.length === 0) throw new SerializationError('Error deserializing delimited row: No fields in record');
    if (fields.length !== columns.length) {
      throw new SerializationError(
        `Error deserializing delimited row: Unexpected field count, csvFields:${fields.length} schemaFields:${columns.length}`,
      );
    }
    const row: Row = {};
    columns.forEach((c, i) => {
      row[c.name] = readField(fields[i] as string, c.type);
    });
    return row;
  },
  write(row, columns, options) {
    if (row === null) return null;
    return printCsvRecord(
      columns.map((c) => writeField(row[c.name], c.type)),
      delimiterOf(options),
    );
  },
};

function readField(text: string, type: SqlType): unknown {
  if (text.length === 0) return null;
  switch (type.base) {
    case 'BOOLEAN':
      return text.toLowerCase() === 'true'; // Boolean.parseBoolean
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      return parseJavaInt(text, type.base);
    case 'BIGINT':
      return parseJavaLong(text);
    case 'TIMESTAMP':
      return Number(parseJavaLong(text));
    case 'DOUBLE':
      return parseJavaDouble(text);
    case 'DECIMAL':
      return ensureDecimalFits(parseBigDecimal(text), type.precision, type.scale);
    case 'STRING':
      return text;
    case 'BYTES':
      return decodeBase64(text);
    default:
      throw new SerializationError(`DELIMITED does not support type: ${formatType(type)}`);
  }
}

function writeField(v: unknown, type: SqlType): string | null {
  if (v === null || v === undefined) return null;
  switch (type.base) {
    case 'DOUBLE':
      return javaDoubleToString(typeof v === 'number' ? v : Number(isJsonNumeric(v) ? numberText(v) : v));
    case 'DECIMAL': {
      const d = v instanceof Decimal ? v : parseBigDecimal(isJsonNumeric(v) ? numberText(v) : String(v));
      return d.withScale(type.scale).toString();
    }
    case 'BYTES':
      return v instanceof Uint8Array ? encodeBase64(v) : String(v);
    default:
      return isJsonNumeric(v) ? numberText(v) : String(v);
  }
}
