import { afterEach, describe, expect, it } from 'vitest';
import { resetVirtualClusters } from '../../../src/kafkajs/index.js';
import { EXACTLY_ONCE, runShopHistory, type ShopHistory } from './shop-history.js';

afterEach(() => resetVirtualClusters());

const order = (sauce: number, cheese: number, main: number, extras: number, customer: number) => ({ gapSec: 0, sauce, cheese, main, extras, customer });

/**
 * Histories the long-delay property (lifecycle-property.spec.ts) failed on while the services were written, kept as
 * regressions (each fails again if its fix is undone). Both ended an order's view with 50 after its 999:
 * - the status service wrote the view record, and only once its send was acknowledged (up to 20 s later under an ack
 *   delay) deleted the delivered order's watch row, so the watchdog found the row stale meanwhile: it now updates its
 *   store before it sends, as the original updates both in one database write;
 * - the watchdog scanned a snapshot of the watch rows, and while one stuck write awaited its ack, another order was
 *   delivered: it now re-reads each row before flagging it.
 */
describe('races the property found, fixed', () => {
  const faults = { rate: 0.15, maxDelayMs: 20_000 } as const;

  it('watchdog: a row delivered while the scan awaits an ack is not flagged stuck', async () => {
    const h: ShopHistory = { seed: 377413, partitions: 1, orders: [order(0, 0, 0, 1, 0), order(0, 0, 0, 0, 0), order(2, 1, 0, 0, 0), order(0, 0, 0, 5, 0)] };
    const run = await runShopHistory(h, EXACTLY_ONCE, faults);
    expect(run.faultKinds).toContain('ack-delay');
    expect(run.violation).toBeNull();
  });

  it('status: the watch row of a delivered order is gone before the 999 is acknowledged', async () => {
    const h: ShopHistory = { seed: 377510, partitions: 1, orders: [order(0, 1, 1, 3, 0), order(0, 0, 0, 86, 0), order(0, 0, 0, 0, 0), order(0, 0, 0, 5, 2)] };
    const run = await runShopHistory(h, EXACTLY_ONCE, faults);
    expect(run.faultKinds).toContain('ack-delay');
    expect(run.violation).toBeNull();
  });
});
