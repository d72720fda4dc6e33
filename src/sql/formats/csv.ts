/**
 * The CSV that ksqlDB's DELIMITED format reads and writes through Apache commons-csv (CSVFormat.DEFAULT with
 * the chosen delimiter, QuoteMode.MINIMAL): '"' quotes, '""' inside quotes, no escape character, empty lines
 * skipped, only the first record used.
 */
import { SerializationError } from './format.js';

/** The fields of the first record, or null when the text holds no record. */
export function parseCsvRecord(text: string, delimiter: string): string[] | null {
  let pos = 0;
  const n = text.length;
  const isEol = (c: string | undefined): boolean => c === '\n' || c === '\r';
  while (pos < n && isEol(text[pos])) pos++; // ignoreEmptyLines
  if (pos >= n) return null;
  const fields: string[] = [];
  for (;;) {
    if (text[pos] === '"') {
      const start = pos;
      pos++;
      let value = '';
      for (;;) {
        if (pos >= n) throw new SerializationError(`EOF reached before encapsulated token finished (at ${start})`);
        const c = text[pos] as string;
        if (c === '"') {
          if (text[pos + 1] === '"') {
            value += '"';
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        value += c;
        pos++;
      }
      // after the closing quote: whitespace is ignored, then a delimiter or the end of the record
      while (pos < n && text[pos] !== delimiter && !isEol(text[pos]) && /\s/.test(text[pos] as string)) pos++;
      if (pos < n && text[pos] !== delimiter && !isEol(text[pos])) {
        throw new SerializationError(`invalid char between encapsulated token and delimiter at ${pos}`);
      }
      fields.push(value);
    } else {
      const start = pos;
      while (pos < n && text[pos] !== delimiter && !isEol(text[pos])) pos++;
      fields.push(text.slice(start, pos));
    }
    if (pos < n && text[pos] === delimiter) {
      pos++;
      if (pos >= n || isEol(text[pos])) {
        fields.push('');
        return fields;
      }
      continue;
    }
    return fields;
  }
}

const isAlphanumeric = (c: string): boolean => (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');

/**
 * One field as commons-csv prints it with QuoteMode.MINIMAL: quoted when it is the record's first field
 * and does not start with a letter or digit, when it starts with a character up to '#', contains a quote,
 * the delimiter or a line break, or ends in whitespace. A null prints as nothing.
 */
export function printCsvField(value: string | null, delimiter: string, first: boolean): string {
  if (value === null) return '';
  let quote = false;
  if (value.length === 0) {
    quote = first;
  } else {
    const c = value[0] as string;
    if (first && !isAlphanumeric(c)) quote = true;
    else if (c <= '#') quote = true;
    else {
      for (const ch of value) {
        if (ch === '\n' || ch === '\r' || ch === '"' || ch === delimiter) {
          quote = true;
          break;
        }
      }
      if (!quote && (value[value.length - 1] as string) <= ' ') quote = true;
    }
  }
  return quote ? `"${value.replace(/"/g, '""')}"` : value;
}

export function printCsvRecord(values: readonly (string | null)[], delimiter: string): string {
  return values.map((v, i) => printCsvField(v, delimiter, i === 0)).join(delimiter);
}
