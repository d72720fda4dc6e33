import type { Literal, Properties } from '../ast.js';
import { SqlStatementError, SqlUnsupportedError } from '../errors.js';
import { parseValueDelimiter } from '../formats/index.js';
import type { FormatInfo } from './metastore.js';

/** The formats streamsim serializes; the schema-registry ones belong to a later issue. */
const SUPPORTED_FORMATS = new Set(['JSON', 'KAFKA', 'DELIMITED', 'NONE']);
const REGISTRY_FORMATS = new Set(['AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'JSON_SR']);

export function propString(props: Properties, name: string): string | null {
  const lit: Literal | undefined = props[name];
  if (lit === undefined || lit.type === 'NULL') return null;
  return typeof lit.value === 'string' ? lit.value : lit.text;
}

export function propNumber(props: Properties, name: string): number | null {
  const lit = props[name];
  if (lit === undefined || lit.type === 'NULL') return null;
  const n = Number(lit.text.replace(/^'|'$/g, ''));
  if (!Number.isFinite(n)) throw new SqlStatementError(`Invalid value for ${name}: ${lit.text}`, lit.pos);
  return n;
}

export function propBoolean(props: Properties, name: string): boolean | null {
  const lit = props[name];
  if (lit === undefined || lit.type === 'NULL') return null;
  if (typeof lit.value === 'boolean') return lit.value;
  return String(lit.value).toLowerCase() === 'true';
}

function checkFormat(name: string): string {
  const upper = name.toUpperCase();
  if (SUPPORTED_FORMATS.has(upper)) return upper;
  if (REGISTRY_FORMATS.has(upper)) throw new SqlUnsupportedError(`the ${upper} format (schema registry formats come with their own issue)`);
  throw new SqlStatementError(`Unknown format: ${upper}`);
}

/**
 * Key and value formats from WITH (FORMAT | KEY_FORMAT | VALUE_FORMAT, WRAP_SINGLE_VALUE, VALUE_DELIMITER),
 * falling back to `inherited` (a CREATE ... AS inherits its source's) or the engine defaults.
 */
export function formatsFrom(
  props: Properties,
  inherited: { key: FormatInfo; value: FormatInfo } | null,
  defaults: { key: string | null; value: string | null },
): { key: FormatInfo | null; value: FormatInfo | null } {
  const both = propString(props, 'FORMAT');
  const keyName = propString(props, 'KEY_FORMAT');
  const valueName = propString(props, 'VALUE_FORMAT');
  if (both !== null && (keyName !== null || valueName !== null)) {
    // ksqlDB's PropertiesValidation: FORMAT sets both, so neither KEY_FORMAT nor VALUE_FORMAT may come with it
    throw new SqlStatementError(
      `Cannot supply both '${keyName !== null ? 'KEY_FORMAT' : 'VALUE_FORMAT'}' and 'FORMAT' properties, as 'FORMAT' sets both key and value formats. ` +
        "Either use just 'FORMAT', or use 'KEY_FORMAT' and 'VALUE_FORMAT'.",
    );
  }
  const keyFormat = keyName ?? both ?? inherited?.key.format ?? defaults.key;
  const valueFormat = valueName ?? both ?? inherited?.value.format ?? defaults.value;
  const wrap = propBoolean(props, 'WRAP_SINGLE_VALUE');
  const rawDelimiter = propString(props, 'VALUE_DELIMITER');
  const delimiter = rawDelimiter === null ? undefined : parseValueDelimiter(rawDelimiter);
  // Only DELIMITED takes a delimiter (ksqlDB's Format#getSupportedProperties, checked when the format is built)
  if (delimiter !== undefined && valueFormat !== null && valueFormat.toUpperCase() !== 'DELIMITED') {
    throw new SqlStatementError(`${checkFormat(valueFormat)} does not support the following configs: [delimiter]`);
  }
  return {
    key: keyFormat === null ? null : { format: checkFormat(keyFormat) },
    value:
      valueFormat === null
        ? null
        : {
            format: checkFormat(valueFormat),
            // WRAP_SINGLE_VALUE is a property of the statement that sets it; a sink does not inherit it.
            ...(wrap === null ? {} : { wrapSingleValue: wrap }),
            ...(delimiter === undefined ? (inherited?.value.delimiter === undefined ? {} : { delimiter: inherited.value.delimiter }) : { delimiter }),
          },
  };
}
