/**
 * The Protobuf binary of plain in-memory values, field by field over protobufjs's reflected types, with
 * protobuf-java's layout: fields in number order, proto3 defaults not written, packed repeated scalars, map entries
 * with both key and value. The in-memory convention is described in protobuf-serde.ts.
 */
import protobuf from 'protobufjs';
import { describeValue } from '../serde.js';

/** Java's recursion limit for nested messages. */
const MAX_DEPTH = 100;

/** A bad value or payload, with where in the message it is; turned into a SerdeError by the serde. */
export class ProtoValueError extends Error {}

/** Full name without protobufjs's leading dot, as Confluent's RecordNameStrategy has it. */
export function fullName(type: protobuf.Type): string {
  return type.fullName.replace(/^\./, '');
}

// ---- values ----

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const INT32_TYPES = new Set(['int32', 'sint32', 'sfixed32']);
const UINT32_TYPES = new Set(['uint32', 'fixed32']);
// protobufjs bundles the long package; its typings leave the static side out.
const Long = protobuf.util.Long as unknown as { fromString(text: string, unsigned: boolean): protobuf.Long };

function fail(path: string, message: string): never {
  throw new ProtoValueError(`${path === '' ? '(root)' : path}: ${message}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function toLong(value: unknown, type: string, path: string): protobuf.Long {
  const unsigned = type === 'uint64' || type === 'fixed64';
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
  else fail(path, `expected a ${type} (safe integer number or bigint), got ${describeValue(value)}`);
  const [min, max] = unsigned ? [0n, (1n << 64n) - 1n] : [-(1n << 63n), (1n << 63n) - 1n];
  if (big < min || big > max) fail(path, `${big} is out of range for ${type}`);
  return Long.fromString(big.toString(), unsigned);
}

function fromLong(value: protobuf.Long | number): number | bigint {
  if (typeof value === 'number') return value;
  const big = BigInt(value.toString());
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** Writes one scalar or enum (not a message) with the writer method of its type. */
function writeScalar(w: protobuf.Writer, type: string, value: unknown, enumType: protobuf.Enum | undefined, path: string): void {
  if (enumType !== undefined) {
    if (typeof value === 'string') {
      const n = enumType.values[value];
      if (n === undefined) fail(path, `"${value}" is not a value of enum ${fullName(enumType as unknown as protobuf.Type)}`);
      w.int32(n);
    } else if (typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff) {
      w.int32(value);
    } else fail(path, `expected an enum name, got ${describeValue(value)}`);
    return;
  }
  if (LONG_TYPES.has(type)) {
    (w as unknown as Record<string, (v: protobuf.Long) => void>)[type]!.call(w, toLong(value, type, path));
    return;
  }
  if (INT32_TYPES.has(type) || UINT32_TYPES.has(type)) {
    const [min, max] = INT32_TYPES.has(type) ? [-0x80000000, 0x7fffffff] : [0, 0xffffffff];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(path, `expected a ${type}, got ${describeValue(value)}`);
  } else if (type === 'float' || type === 'double') {
    if (typeof value !== 'number') fail(path, `expected a ${type} (number), got ${describeValue(value)}`);
  } else if (type === 'bool') {
    if (typeof value !== 'boolean') fail(path, `expected a bool, got ${describeValue(value)}`);
  } else if (type === 'string') {
    if (typeof value !== 'string') fail(path, `expected a string, got ${describeValue(value)}`);
  } else if (type === 'bytes') {
    if (!(value instanceof Uint8Array)) fail(path, `expected bytes (Uint8Array), got ${describeValue(value)}`);
  }
  (w as unknown as Record<string, (v: unknown) => void>)[type]!.call(w, value);
}

function readScalar(r: protobuf.Reader, type: string, enumType: protobuf.Enum | undefined): unknown {
  if (enumType !== undefined) {
    const n = r.int32();
    return enumType.valuesById[n] ?? n;
  }
  const value = (r as unknown as Record<string, () => unknown>)[type]!.call(r);
  if (LONG_TYPES.has(type)) return fromLong(value as protobuf.Long);
  if (type === 'bytes') return new Uint8Array(value as Uint8Array);
  return value;
}

function isDefault(type: string, value: unknown, enumType: protobuf.Enum | undefined): boolean {
  if (enumType !== undefined) return value === 0 || (typeof value === 'string' && enumType.values[value] === 0);
  if (type === 'float' || type === 'double') return Object.is(value, 0); // -0 is written, as Java compares the bits
  if (type === 'bytes') return value instanceof Uint8Array && value.length === 0;
  return value === 0 || value === 0n || value === '' || value === false;
}

function defaultOf(type: string, enumType: protobuf.Enum | undefined): unknown {
  if (enumType !== undefined) return enumType.valuesById[0] ?? 0;
  if (type === 'string') return '';
  if (type === 'bool') return false;
  if (type === 'bytes') return new Uint8Array(0);
  return 0;
}

function mapKeyOf(text: string, type: string, path: string): unknown {
  if (type === 'string') return text;
  if (type === 'bool') {
    if (text !== 'true' && text !== 'false') fail(path, `map key "${text}" is not a bool`);
    return text === 'true';
  }
  if (!/^-?\d+$/.test(text)) fail(path, `map key "${text}" is not an integer`);
  return LONG_TYPES.has(type) ? BigInt(text) : Number(text);
}

function wireTypeOf(type: string, enumType: protobuf.Enum | undefined): number {
  return enumType !== undefined ? 0 : ((protobuf.types.basic as Record<string, number | undefined>)[type] ?? 2);
}

function encodeMessage(type: protobuf.Type, value: unknown, w: protobuf.Writer, path: string, depth: number): void {
  if (depth > MAX_DEPTH) fail(path, `messages nested deeper than ${MAX_DEPTH}`);
  if (!isPlainObject(value)) fail(path, `expected a ${fullName(type)} object, got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    if (type.fields[key] === undefined && value[key] !== undefined) fail(path, `${fullName(type)} has no field "${key}"`);
  }
  for (const oneof of type.oneofsArray) {
    const set = oneof.oneof.filter((name) => value[name] !== undefined && value[name] !== null);
    if (set.length > 1) fail(path, `oneof ${oneof.name} has ${set.length} members set (${set.join(', ')}): at most one`);
  }
  const fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  for (const field of fields) {
    const v = value[field.name];
    if (v === undefined || v === null) continue;
    const here = path === '' ? field.name : `${path}.${field.name}`;
    const resolved = field.resolvedType;
    const enumType = resolved instanceof protobuf.Enum ? resolved : undefined;
    const msgType = resolved instanceof protobuf.Type ? resolved : undefined;
    if (field instanceof protobuf.MapField) {
      if (!isPlainObject(v)) fail(here, `expected a map (plain object), got ${describeValue(v)}`);
      for (const k of Object.keys(v)) {
        const entry = v[k];
        w.uint32((field.id << 3) | 2).fork();
        writeScalar(w.uint32((1 << 3) | wireTypeOf(field.keyType, undefined)), field.keyType, mapKeyOf(k, field.keyType, `${here}[${k}]`), undefined, `${here}[${k}]`);
        if (msgType !== undefined) {
          encodeMessage(msgType, entry ?? {}, w.uint32((2 << 3) | 2).fork(), `${here}[${k}]`, depth + 1);
          w.ldelim();
        } else {
          if (entry === undefined || entry === null) fail(`${here}[${k}]`, 'map values cannot be null');
          writeScalar(w.uint32((2 << 3) | wireTypeOf(field.type, enumType)), field.type, entry, enumType, `${here}[${k}]`);
        }
        w.ldelim();
      }
      continue;
    }
    if (field.repeated) {
      if (!Array.isArray(v)) fail(here, `expected an array, got ${describeValue(v)}`);
      if (v.length === 0) continue;
      if (msgType === undefined && field.packed && (enumType !== undefined || Object.hasOwn(protobuf.types.packed, field.type))) {
        w.uint32((field.id << 3) | 2).fork();
        v.forEach((item, i) => writeScalar(w, field.type, item, enumType, `${here}[${i}]`));
        w.ldelim();
      } else {
        v.forEach((item, i) => writeField(w, field, msgType, enumType, item, `${here}[${i}]`, depth));
      }
      continue;
    }
    const presence = msgType !== undefined || field.partOf != null || Boolean(field.hasPresence);
    if (!presence && isDefault(field.type, v, enumType)) {
      // Still checked, so a wrong type is refused even when it compares equal to a default.
      writeScalar(new protobuf.Writer(), field.type, v, enumType, here);
      continue;
    }
    writeField(w, field, msgType, enumType, v, here, depth);
  }
}

function writeField(w: protobuf.Writer, field: protobuf.Field, msgType: protobuf.Type | undefined, enumType: protobuf.Enum | undefined, v: unknown, path: string, depth: number): void {
  if (msgType !== undefined) {
    if (v === null || v === undefined) fail(path, 'repeated messages cannot be null');
    encodeMessage(msgType, v, w.uint32((field.id << 3) | 2).fork(), path, depth + 1);
    w.ldelim();
  } else {
    writeScalar(w.uint32((field.id << 3) | wireTypeOf(field.type, enumType)), field.type, v, enumType, path);
  }
}

function decodeMessage(type: protobuf.Type, r: protobuf.Reader, end: number, depth: number): Record<string, unknown> {
  if (depth > MAX_DEPTH) throw new ProtoValueError(`messages nested deeper than ${MAX_DEPTH}`);
  if (end > r.len) throw new ProtoValueError(`a length-delimited field of ${end - r.pos} bytes runs past the ${r.len}-byte payload`);
  const out: Record<string, unknown> = {};
  // Defaults first, in field-number order, so objects have a stable key order.
  const fields = [...type.fieldsArray].sort((a, b) => a.id - b.id);
  for (const field of fields) {
    const resolved = field.resolvedType;
    if (field instanceof protobuf.MapField) out[field.name] = {};
    else if (field.repeated) out[field.name] = [];
    else if (field.partOf != null) continue;
    else if (resolved instanceof protobuf.Type) out[field.name] = null;
    else if (!field.hasPresence) out[field.name] = defaultOf(field.type, resolved instanceof protobuf.Enum ? resolved : undefined);
  }
  while (r.pos < end) {
    const tag = r.uint32();
    const id = tag >>> 3;
    const wireType = tag & 7;
    const field = type.fieldsById[id];
    if (field === undefined) {
      r.skipType(wireType);
      continue;
    }
    const resolved = field.resolvedType;
    const enumType = resolved instanceof protobuf.Enum ? resolved : undefined;
    const msgType = resolved instanceof protobuf.Type ? resolved : undefined;
    if (field instanceof protobuf.MapField) {
      if (wireType !== 2) {
        r.skipType(wireType);
        continue;
      }
      const entryEnd = r.uint32() + r.pos;
      let key: unknown = defaultOf(field.keyType, undefined);
      let val: unknown = msgType === undefined ? defaultOf(field.type, enumType) : undefined;
      while (r.pos < entryEnd) {
        const t = r.uint32();
        if (t >>> 3 === 1) key = readScalar(r, field.keyType, undefined);
        else if (t >>> 3 === 2) val = msgType !== undefined ? decodeMessage(msgType, r, r.uint32() + r.pos, depth + 1) : readScalar(r, field.type, enumType);
        else r.skipType(t & 7);
      }
      // An entry without its message value holds the empty message.
      if (val === undefined && msgType !== undefined) val = decodeMessage(msgType, protobuf.Reader.create(new Uint8Array(0)), 0, depth + 1);
      (out[field.name] as Record<string, unknown>)[String(key)] = val;
      continue;
    }
    const expected = msgType !== undefined ? 2 : wireTypeOf(field.type, enumType);
    const packedHere = field.repeated && msgType === undefined && wireType === 2 && expected !== 2;
    if (wireType !== expected && !packedHere) {
      r.skipType(wireType);
      continue;
    }
    const readOne = (): unknown => (msgType !== undefined ? decodeMessage(msgType, r, r.uint32() + r.pos, depth + 1) : readScalar(r, field.type, enumType));
    if (field.repeated) {
      const list = out[field.name] as unknown[];
      if (packedHere) {
        const packedEnd = r.uint32() + r.pos;
        while (r.pos < packedEnd) list.push(readScalar(r, field.type, enumType));
      } else list.push(readOne());
      continue;
    }
    if (msgType !== undefined && out[field.name] !== null && out[field.name] !== undefined) {
      // A message field seen twice merges; rare enough to decode both and merge shallowly.
      out[field.name] = { ...(out[field.name] as object), ...(readOne() as object) };
      continue;
    }
    if (field.partOf != null) for (const other of field.partOf.oneof) delete out[other];
    out[field.name] = readOne();
  }
  if (r.pos !== end) throw new ProtoValueError(`a length-delimited field runs past its message (${r.pos} > ${end})`);
  return out;
}

/** The Protobuf binary of a value of the type (throws ProtoValueError naming the path of a bad value). */
export function encodeProto(type: protobuf.Type, value: unknown): Uint8Array {
  const w = protobuf.Writer.create();
  encodeMessage(type, value, w, '', 0);
  return w.finish();
}

export function decodeProto(type: protobuf.Type, bytes: Uint8Array): Record<string, unknown> {
  const r = protobuf.Reader.create(bytes);
  try {
    return decodeMessage(type, r, bytes.length, 0);
  } catch (error) {
    if (error instanceof ProtoValueError) throw error;
    throw new ProtoValueError(`invalid Protobuf payload for ${fullName(type)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
