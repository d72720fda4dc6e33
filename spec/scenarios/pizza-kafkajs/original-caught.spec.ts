import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { resetVirtualClusters } from '../../../src/kafkajs/index.js';
import { EXACTLY_ONCE, ORIGINAL, runShopHistory, shopHistoryArb, type ShopVariant } from './shop-history.js';

afterEach(() => resetVirtualClusters());

/** fc.check of the lifecycle for `variant` under seeded faults of `kinds` (all when omitted) at rate 0.15. */
function checkVariant(variant: ShopVariant, kinds?: readonly ('crash' | 'duplicate-send')[]) {
  const faults = { rate: 0.15, ...(kinds === undefined ? {} : { kinds }) };
  return fc.check(
    fc.asyncProperty(shopHistoryArb, async (h) => (await runShopHistory(h, variant, faults)).violation === null),
    { numRuns: 60, seed: 7 },
  );
}

describe('the services as the original wrote them are caught under faults', () => {
  it('at-least-once services duplicate lifecycle steps: caught, shrunk to one order, and the fixed shop passes it', async () => {
    const result = await checkVariant(ORIGINAL);
    expect(result.failed).toBe(true);
    expect(result.numShrinks).toBeGreaterThan(0);
    const [h] = result.counterexample!;
    // Shrunk to the smallest history: one order, one partition, cluster seed 0.
    expect(h.orders).toHaveLength(1);
    expect(h.partitions).toBe(1);
    const replay = await runShopHistory(h, ORIGINAL, { rate: 0.15 });
    expect(replay.violation).toMatch(/^order a0000001: /);
    expect((await runShopHistory(h, EXACTLY_ONCE, { rate: 0.15 })).violation).toBeNull();
  });

  it('idempotent producers alone are not enough: a crash redelivers a record the service handles again', async () => {
    const result = await checkVariant({ idempotentProducers: true, dedupe: false }, ['crash']);
    expect(result.failed).toBe(true);
    const [h] = result.counterexample!;
    expect((await runShopHistory(h, { idempotentProducers: true, dedupe: false }, { rate: 0.15, kinds: ['crash'] })).violation).toMatch(/2 records on pizza-/);
  });

  it('deduplicating services alone are not enough: a retried send is appended twice', async () => {
    const result = await checkVariant({ idempotentProducers: false, dedupe: true }, ['duplicate-send']);
    expect(result.failed).toBe(true);
  });

  it('each fix alone holds against the other fault', async () => {
    expect((await checkVariant({ idempotentProducers: true, dedupe: false }, ['duplicate-send'])).failed).toBe(false);
    expect((await checkVariant({ idempotentProducers: false, dedupe: true }, ['crash'])).failed).toBe(false);
  });
});
