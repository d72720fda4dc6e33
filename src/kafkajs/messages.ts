import type { Header, StoredRecord } from '../sim/record.js';
import type { IHeaders, KafkaMessage } from './types.js';

/** Keys, values and header values go to the broker as bytes, as kafkajs sends them: strings as UTF-8. */
export function toBytes(data: Buffer | string | null | undefined): Buffer | null {
  if (data === null || data === undefined) return null;
  return Buffer.isBuffer(data) ? data : Buffer.from(String(data));
}

/** kafkajs' header object to the broker's ordered list: an array value is one header per element. */
export function toBrokerHeaders(headers: IHeaders | undefined): Header[] {
  const out: Header[] = [];
  if (headers === undefined) return out;
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) out.push({ key, value: toBytes(v) });
  }
  return out;
}

/**
 * The broker's headers as kafkajs decodes them (consumer/batch.js, decodeHeaders): Buffers, and a key seen more than
 * once becomes an array of its values in order.
 */
export function toKafkaHeaders(headers: StoredRecord['headers']): IHeaders {
  const out: IHeaders = {};
  for (const h of headers) {
    const value = h.value === null ? Buffer.alloc(0) : typeof h.value === 'string' ? Buffer.from(h.value) : Buffer.from(h.value);
    const held = out[h.key];
    if (held === undefined) out[h.key] = value;
    else out[h.key] = Array.isArray(held) ? [...held, value] : [held, value];
  }
  return out;
}

function asBuffer(data: unknown): Buffer | null {
  if (data === null || data === undefined) return null;
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data);
  // A record another client stored typed (a Java-style producer): its text form, as a string serializer would write.
  return Buffer.from(typeof data === 'string' ? data : JSON.stringify(data));
}

/** A stored record as kafkajs hands it to eachMessage/eachBatch: bytes, offset and timestamp as strings. */
export function toKafkaMessage(record: StoredRecord): KafkaMessage {
  return {
    key: asBuffer(record.key),
    value: asBuffer(record.value),
    timestamp: String(record.timestamp),
    attributes: 0,
    offset: String(record.offset),
    headers: toKafkaHeaders(record.headers),
  };
}

/** Bytes of a record for maxBytesPerPartition: key + value + header values, roughly the record's size. */
export function recordBytes(record: StoredRecord): number {
  const size = (d: unknown): number => (d instanceof Uint8Array ? d.length : typeof d === 'string' ? d.length : 0);
  return size(record.key) + size(record.value) + record.headers.reduce((n, h) => n + h.key.length + size(h.value), 0);
}
