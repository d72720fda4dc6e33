import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { resetVirtualClusters } from '../../../src/kafkajs/index.js';
import { EXACTLY_ONCE, runShopHistory, shopHistoryArb } from './shop-history.js';

afterEach(() => resetVirtualClusters());

const FAULTS = { rate: 0.15 } as const;

/**
 * One instance per service, as the original runs them (two-instances.spec.ts for more): a rebalance fault is then a
 * member joining the group for a while, taking partitions away and back.
 */
describe('property: the kafkajs pizza shop keeps the order lifecycle under seeded faults', () => {
  it('the idempotent services: every order once through 100, 200, 300, 999, none lost, under crashes, rebalances, delays and duplicate sends', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(shopHistoryArb, async (h) => {
        const run = await runShopHistory(h, EXACTLY_ONCE, FAULTS);
        for (const k of run.faultKinds) seen.add(k);
        expect(run.violation).toBeNull();
      }),
      { numRuns: 150, seed: 7 },
    );
    expect([...seen].sort()).toEqual(['ack-delay', 'crash', 'delivery-delay', 'duplicate-send', 'rebalance']);
  });

  it('under delays of up to 20 s: statuses overtaken, the pending path and stuck orders; the view still never goes back', async () => {
    const seen = { pending: 0, stuck: 0, skipped: 0 };
    await fc.assert(
      fc.asyncProperty(shopHistoryArb, async (h) => {
        const run = await runShopHistory(h, EXACTLY_ONCE, { rate: 0.15, maxDelayMs: 20_000 });
        expect(run.violation).toBeNull();
        const view = run.outputs['pizza-orders-view']!.map((r) => (r.value as { status: number }).status);
        seen.pending += run.outputs['pizza-pending']!.length;
        seen.stuck += view.filter((s) => s === 50).length;
        seen.skipped += 3 * h.orders.length - view.filter((s) => s === 200 || s === 300 || s === 999).length;
      }),
      { numRuns: 150, seed: 7 },
    );
    // The long delays do reorder: some statuses are skipped, some orders take the pending path, some get stuck.
    expect(seen.pending).toBeGreaterThan(0);
    expect(seen.stuck).toBeGreaterThan(0);
    expect(seen.skipped).toBeGreaterThan(0);
  });

  it('holds without faults too', async () => {
    await fc.assert(
      fc.asyncProperty(shopHistoryArb, async (h) => (await runShopHistory(h, EXACTLY_ONCE)).violation === null),
      { numRuns: 30, seed: 11 },
    );
  });
});
