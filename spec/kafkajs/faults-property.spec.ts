import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, resetVirtualClusters, virtualCluster } from '../../src/kafkajs/index.js';
import { startBalancesService, type BalancesDb } from './balances-service.js';

afterEach(() => resetVirtualClusters());

interface Payment {
  readonly account: string;
  readonly amount: number;
}

const paymentArb: fc.Arbitrary<Payment> = fc.record({ account: fc.constantFrom('alice', 'bob', 'carol'), amount: fc.integer({ min: 1, max: 100 }) });

/**
 * Two instances of the balances service on 3 partitions, under faults drawn from `seed` at `rate`, fed `payments`
 * by a plain (non-idempotent) producer. Returns the invariant's verdict: every account's last balance on `balances`
 * and in the database is the sum of its payments, and every payment was consumed.
 */
async function balancesHold(seed: number, payments: readonly Payment[], dedupe: boolean, faultsSeen?: Set<string>): Promise<boolean> {
  resetVirtualClusters();
  const kafka = new Kafka({ clientId: 'bank', brokers: ['bank:9092'], streamsim: { seed } });
  const cluster = virtualCluster(kafka);
  await kafka.admin().createTopics({ topics: [{ topic: 'payments', numPartitions: 3 }, { topic: 'balances', numPartitions: 3 }] });
  cluster.faults.inject({ rate: 0.15 });
  const db: BalancesDb = { applied: new Set(), balances: new Map() };
  for (let i = 0; i < 2; i++) await startBalancesService(kafka, db, { groupId: 'balances', dedupe, sleep: (ms) => cluster.timers.sleep(ms) });

  const input = kafka.producer();
  await input.connect();
  for (const [i, p] of payments.entries()) {
    await input.send({ topic: 'payments', messages: [{ key: p.account, value: JSON.stringify({ id: `p${i}`, amount: p.amount }) }] });
  }
  await cluster.advance(60_000);

  const expected = new Map<string, number>();
  for (const p of payments) expected.set(p.account, (expected.get(p.account) ?? 0) + p.amount);
  const last = new Map<string, number>();
  for (const r of cluster.broker.records('balances')) last.set(Buffer.from(r.key as Buffer).toString(), Number(Buffer.from(r.value as Buffer).toString()));
  const consumedAll = [0, 1, 2].every((p) => cluster.coordinator.committed('balances', { topic: 'payments', partition: p }) === cluster.broker.logEndOffset('payments', p));
  for (const f of cluster.faults.log) faultsSeen?.add(f.kind);
  const same = (a: Map<string, number>, b: Map<string, number>): boolean => a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  return consumedAll && same(expected, last) && same(expected, db.balances);
}

describe('property: a kafkajs service under seeded faults', () => {
  it('the idempotent balances service keeps every balance exact under crashes, rebalances, delays and duplicate sends', async () => {
    const faultsSeen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.nat(1_000_000), fc.array(paymentArb, { minLength: 1, maxLength: 12 }), async (seed, payments) =>
        balancesHold(seed, payments, true, faultsSeen),
      ),
      { numRuns: 60, seed: 7 },
    );
    expect([...faultsSeen].sort()).toEqual(['ack-delay', 'crash', 'delivery-delay', 'duplicate-send', 'rebalance']);
  });

  it('the variant that does not dedupe is caught, with a shrunk counterexample', async () => {
    const result = await fc.check(
      fc.asyncProperty(fc.nat(1_000_000), fc.array(paymentArb, { minLength: 1, maxLength: 12 }), async (seed, payments) => balancesHold(seed, payments, false)),
      { numRuns: 60, seed: 7 },
    );
    expect(result.failed).toBe(true);
    const [seed, payments] = result.counterexample!;
    // Shrunk to a few payments of the smallest amount to one account (down from up to 12 random ones).
    expect(payments.length).toBeLessThanOrEqual(5);
    expect(new Set(payments.map((p) => `${p.account}:${p.amount}`))).toEqual(new Set(['alice:1']));
    expect(result.numShrinks).toBeGreaterThan(0);
    // The counterexample replays: the same seed fails again, and the idempotent service passes on it.
    expect(await balancesHold(seed, payments, false)).toBe(false);
    expect(await balancesHold(seed, payments, true)).toBe(true);
  });
});
