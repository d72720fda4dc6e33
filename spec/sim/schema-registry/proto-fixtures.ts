import fc from 'fast-check';

// Shared by the Protobuf serde's spec and its Java interop spec: a message with every scalar kind, and values for it.

export const SCALARS_PROTO = `
syntax = "proto3";
package test.scalars;

message Scalars {
  double f_double = 1;
  float f_float = 2;
  int32 f_int32 = 3;
  int64 f_int64 = 4;
  uint32 f_uint32 = 5;
  uint64 f_uint64 = 6;
  sint32 f_sint32 = 7;
  sint64 f_sint64 = 8;
  fixed32 f_fixed32 = 9;
  fixed64 f_fixed64 = 10;
  sfixed32 f_sfixed32 = 11;
  sfixed64 f_sfixed64 = 12;
  bool f_bool = 13;
  string f_string = 14;
  bytes f_bytes = 15;
}
`;

/** A 64-bit value as the serde gives it back: a number when safe, a bigint otherwise. */
export const asRead = (v: bigint): number | bigint => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
export const int64 = fc.bigInt(-(1n << 63n), (1n << 63n) - 1n).map(asRead);
export const uint64 = fc.bigInt(0n, (1n << 64n) - 1n).map(asRead);
export const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
export const uint32 = fc.integer({ min: 0, max: 0xffffffff });
export const bytes = fc.uint8Array({ maxLength: 12 });

/** Values of SCALARS_PROTO's Scalars, with the given float arbitrary. */
export function scalarsOf(float: fc.Arbitrary<number>) {
  return fc.record({
    f_double: fc.double(),
    f_float: float,
    f_int32: int32,
    f_int64: int64,
    f_uint32: uint32,
    f_uint64: uint64,
    f_sint32: int32,
    f_sint64: int64,
    f_fixed32: uint32,
    f_fixed64: uint64,
    f_sfixed32: int32,
    f_sfixed64: int64,
    f_bool: fc.boolean(),
    f_string: fc.string({ unit: 'grapheme' }),
    f_bytes: bytes,
  });
}
