import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePartitionTime, encodePartitionTime } from '../../src/sim/runtime/committed-offsets.js';

describe('partition time in offset commit metadata', () => {
  it('is the decimal text of the time, and reads back as the time', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2_000_000 }), fc.maxSafeInteger().filter((n) => n >= 0)), (ms) => {
        expect(encodePartitionTime(ms)).toBe(String(ms));
        expect(decodePartitionTime(encodePartitionTime(ms))).toBe(ms);
      }),
    );
  });

  it('is empty for an unknown time (-1), which reads back as unknown', () => {
    expect(encodePartitionTime(-1)).toBe('');
    expect(decodePartitionTime('')).toBe(-1);
    expect(encodePartitionTime(1_700_000_000_005)).toBe('1700000000005');
  });
});
