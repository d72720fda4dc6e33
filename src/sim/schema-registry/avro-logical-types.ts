/**
 * The Avro types whose in-memory form is not avsc's default, for avro-serde.ts: long (a number when safe, a bigint
 * beyond 2^53), decimal (bytes or fixed; `{ unscaled, scale }` or a mapping's own value) and uuid (a checked string).
 */
import avro from 'avsc';
import { describeValue } from '../serde.js';

/** How decimals look in memory: `of` builds a value from Avro's unscaled integer, `parts` takes it apart. */
export interface AvroDecimalMapping {
  of(unscaled: bigint, scale: number): unknown;
  parts(value: unknown): { unscaled: bigint; scale: number };
}

export const defaultDecimalMapping: AvroDecimalMapping = Object.freeze({
  of: (unscaled: bigint, scale: number) => ({ unscaled, scale }),
  parts(value: unknown): { unscaled: bigint; scale: number } {
    const v = value as { unscaled?: unknown; scale?: unknown } | null;
    if (typeof v !== 'object' || v === null || typeof v.unscaled !== 'bigint' || typeof v.scale !== 'number') {
      throw new Error(`expected a decimal { unscaled: bigint, scale: number }, got ${describeValue(value)}`);
    }
    return { unscaled: v.unscaled, scale: v.scale };
  },
});

// ---- long: numbers when safe, bigint beyond ----

const TWO_POW_32 = 2 ** 32;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

const longType = avro.types.LongType.__with({
  fromBuffer(buf: Buffer): number | bigint {
    // Exact whenever the result is safe; an unsafe value cannot round into the safe range.
    const n = buf.readInt32LE(4) * TWO_POW_32 + buf.readUInt32LE(0);
    return Number.isSafeInteger(n) ? n : buf.readBigInt64LE(0);
  },
  toBuffer(value: number | bigint): Buffer {
    // A fresh buffer each time: avsc negates it in place while packing.
    const buf = Buffer.alloc(8);
    if (typeof value === 'bigint') {
      buf.writeBigInt64LE(value);
    } else {
      const high = Math.floor(value / TWO_POW_32);
      buf.writeInt32LE(high, 4);
      buf.writeUInt32LE(value - high * TWO_POW_32, 0);
    }
    return buf;
  },
  fromJSON(json: unknown): number | bigint {
    // Schema defaults arrive as JSON numbers.
    if (typeof json === 'bigint' || (typeof json === 'number' && Number.isSafeInteger(json))) return json;
    throw new Error(`invalid long: ${describeValue(json)}`);
  },
  toJSON: (value: number | bigint) => value,
  isValid: (value: unknown) =>
    typeof value === 'number' ? Number.isSafeInteger(value) : typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX,
  compare: (a: number | bigint, b: number | bigint) => (a < b ? -1 : a > b ? 1 : 0),
});

/** Every long, annotated or not, is the long above (logical types on long read as it). */
export function typeHook(schema: unknown): avro.Type | undefined {
  if (schema === 'long') return longType;
  if (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long') return longType;
  return undefined;
}

// ---- logical types ----

/** A value a logical type refuses; its message is the reason given to the caller. */
export class AvroValueError extends Error {}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UuidType extends avro.types.LogicalType {
  protected override _fromValue(value: string): string {
    return value;
  }
  protected override _toValue(value: unknown): string {
    if (typeof value !== 'string' || !UUID_PATTERN.test(value)) throw new AvroValueError(`expected a UUID string, got ${describeValue(value)}`);
    return value;
  }
  protected override _resolve(writer: avro.Type): ((value: string) => string) | undefined {
    return avro.Type.isType(writer, 'string', 'logical:uuid') ? (value) => value : undefined;
  }
}

function bigintFromTwosComplement(buf: Uint8Array): bigint {
  let n = 0n;
  for (const byte of buf) n = (n << 8n) | BigInt(byte);
  return BigInt.asIntN(buf.length * 8, n);
}

/** Big-endian two's complement in `size` bytes, or the fewest (Java's BigInteger.toByteArray) without one. */
function twosComplement(n: bigint, size: number | undefined): Buffer {
  let length = size ?? 1;
  if (size === undefined) {
    while (n < -(1n << BigInt(length * 8 - 1)) || n >= 1n << BigInt(length * 8 - 1)) length++;
  }
  const buf = Buffer.alloc(length);
  let v = BigInt.asUintN(length * 8, n);
  for (let i = length - 1; i >= 0; i--) {
    buf[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return buf;
}

export function makeDecimalType(mapping: AvroDecimalMapping): typeof avro.types.LogicalType {
  return class DecimalType extends avro.types.LogicalType {
    readonly precision: number;
    readonly scale: number;
    readonly size: number | undefined;

    constructor(schema: avro.Schema, opts?: unknown) {
      super(schema, opts);
      const s = schema as { precision?: unknown; scale?: unknown; size?: unknown };
      const precision = s.precision;
      const scale = s.scale ?? 0;
      // Thrown here, avsc falls back to the underlying type, as the Avro spec says for an invalid logical type.
      if (typeof precision !== 'number' || !Number.isInteger(precision) || precision <= 0) throw new Error(`invalid decimal precision ${String(precision)}`);
      if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision) throw new Error(`invalid decimal scale ${String(scale)}`);
      const underlying = this.underlyingType;
      if (avro.Type.isType(underlying, 'fixed')) {
        const size = (underlying as avro.types.FixedType).size;
        const maxPrecision = ((1n << BigInt(8 * size - 1)) - 1n).toString().length - 1;
        if (precision > maxPrecision) throw new Error(`fixed(${size}) holds at most ${maxPrecision} digits`);
        this.size = size;
      } else if (avro.Type.isType(underlying, 'bytes')) {
        this.size = undefined;
      } else {
        throw new Error('decimal needs bytes or fixed');
      }
      this.precision = precision;
      this.scale = scale;
    }

    protected override _fromValue(buf: Buffer): unknown {
      if (buf.length === 0) throw new Error('an empty decimal (no bytes)');
      return mapping.of(bigintFromTwosComplement(buf), this.scale);
    }

    protected override _toValue(value: unknown): Buffer {
      let parts: { unscaled: bigint; scale: number };
      try {
        parts = mapping.parts(value);
      } catch (error) {
        throw new AvroValueError(error instanceof Error ? error.message : String(error));
      }
      if (parts.scale !== this.scale) {
        throw new AvroValueError(`decimal scale ${parts.scale} differs from the schema's scale ${this.scale} (no rounding on write)`);
      }
      const digits = (parts.unscaled < 0n ? -parts.unscaled : parts.unscaled).toString().length;
      if (digits > this.precision) throw new AvroValueError(`decimal with ${digits} digits exceeds the schema's precision ${this.precision}`);
      return twosComplement(parts.unscaled, this.size);
    }

    protected override _resolve(writer: avro.Type): ((value: unknown) => unknown) | undefined {
      if (writer instanceof DecimalType) {
        if (writer.scale !== this.scale || writer.precision !== this.precision) return undefined;
        if (!canResolve(this.underlyingType, writer.underlyingType)) return undefined;
        return (value) => value;
      }
      if (canResolve(this.underlyingType, writer)) return (value) => this._fromValue(value as Buffer);
      return undefined;
    }

    protected override _export(schema: avro.Schema): void {
      // avsc hands over the exported schema object to add our attributes to.
      const attrs = schema as Record<string, unknown>;
      attrs.precision = this.precision;
      attrs.scale = this.scale;
    }
  };
}

/** Whether avsc can read `writer`'s data as `reader` (schema resolution). */
export function canResolve(reader: avro.Type, writer: avro.Type): boolean {
  try {
    reader.createResolver(writer);
    return true;
  } catch {
    return false;
  }
}
