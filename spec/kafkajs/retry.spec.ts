import { describe, expect, it } from 'vitest';
import { KafkaJSNonRetriableError } from '../../src/kafkajs/index.js';
import { isRetriable, RetryPolicy } from '../../src/kafkajs/retry.js';
import { SeededRng } from '../../src/sim/rng.js';

describe('RetryPolicy: kafkajs retry/index.js with seeded randomness', () => {
  it('waits grow by the multiplier up to maxRetryTime, then the retries run out', () => {
    const policy = new RetryPolicy({ initialRetryTime: 100, multiplier: 2, factor: 0, maxRetryTime: 300, retries: 4 }, new SeededRng(1).stream('r'));
    expect([policy.nextWait(), policy.nextWait(), policy.nextWait(), policy.nextWait(), policy.nextWait()]).toEqual([100, 200, 300, 300, undefined]);
    policy.reset();
    expect(policy.nextWait()).toBe(100);
  });

  it('randomizes each wait within ±factor, the same way for the same seed', () => {
    const waits = (seed: number): Array<number | undefined> => {
      const p = new RetryPolicy({}, new SeededRng(seed).stream('r'));
      return [p.nextWait(), p.nextWait(), p.nextWait()];
    };
    const first = waits(3);
    expect(waits(3)).toEqual(first);
    // Defaults: initialRetryTime 300, factor 0.2.
    expect(first[0]).toBeGreaterThanOrEqual(240);
    expect(first[0]).toBeLessThanOrEqual(360);
  });

  it('retries anything but programming errors and errors marked retriable: false', () => {
    expect(isRetriable(new Error('db down'))).toBe(true);
    expect(isRetriable(new TypeError('x is undefined'))).toBe(false);
    expect(isRetriable(new KafkaJSNonRetriableError('no'))).toBe(false);
  });
});
