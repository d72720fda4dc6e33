import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TOPIC_SHIPPING, type Shipping } from '../../../src/scenarios/bookstore/schemas.js';
import { SHIPPING_TIMES_OUTPUT, shipmentTime, type ShippingTimes } from '../../../src/scenarios/bookstore/shipment-time.js';
import { at, driveApp, shipping } from './apps-fixtures.js';

/** Pipes shipping records keyed by packet, with record timestamp = the value's `timestamp`. */
function setup(partitions = 1) {
  const { pipe, read } = driveApp(shipmentTime, partitions);
  const ship = (packet: string, status: Shipping['status'], ts: number) => pipe(TOPIC_SHIPPING, packet, shipping(packet, status, ts), ts);
  return { ship, read: () => read<ShippingTimes>(SHIPPING_TIMES_OUTPUT) };
}

describe('bookstore ShipmentTime (SCENARIOS.md §1.3 B10)', () => {
  it('Example B-e: two contributions, lost and delivered-without-underway ignored, nothing else', () => {
    const { ship, read } = setup();
    ship('PK1', 'underway', at(100));
    ship('PK1', 'delivered', at(105));
    ship('PK2', 'underway', at(200));
    ship('PK2', 'lost', at(203));
    ship('PK3', 'underway', at(300));
    ship('PK3', 'delivered', at(307));
    ship('PK4', 'delivered', at(400));
    expect(read()).toEqual([
      { key: 'fixed', value: { timeToDeliver: 5000, count: 1, averageMs: 5000 }, timestamp: at(105) },
      { key: 'fixed', value: { timeToDeliver: 12000, count: 2, averageMs: 6000 }, timestamp: at(307) },
    ]);
  });

  it('Example B-e gives the same outputs with 4 partitions', () => {
    const { ship, read } = setup(4);
    for (const [p, s, t] of [['PK1', 'underway', 100], ['PK1', 'delivered', 105], ['PK3', 'underway', 300], ['PK3', 'delivered', 307]] as const) ship(p, s, at(t));
    expect(read().map((r) => r.value)).toEqual([
      { timeToDeliver: 5000, count: 1, averageMs: 5000 },
      { timeToDeliver: 12000, count: 2, averageMs: 6000 },
    ]);
  });

  it('5 min is the limit (Δ = 300 000 counts, 300 001 does not); Δ < 0 never counts; duplicates count once', () => {
    const { ship, read } = setup();
    ship('A', 'underway', at(0));
    ship('A', 'delivered', at(300));
    ship('B', 'underway', at(0));
    ship('B', 'delivered', at(300.001));
    ship('C', 'delivered', at(10)); // arrives first, but its underway is later: Δ < 0
    ship('C', 'underway', at(20));
    ship('A', 'delivered', at(300)); // duplicate
    ship('D', 'delivered', at(400)); // arrival order does not matter: Δ = 3 s
    ship('D', 'underway', at(397));
    ship('D', 'underway', at(397));
    expect(read()).toEqual([
      { key: 'fixed', value: { timeToDeliver: 300_000, count: 1, averageMs: 300_000 }, timestamp: at(300) },
      { key: 'fixed', value: { timeToDeliver: 303_000, count: 2, averageMs: 151_500 }, timestamp: at(397) },
    ]);
  });

  it('averageMs is floor(ΣΔ/n)', () => {
    const { ship, read } = setup();
    ship('A', 'underway', at(0));
    ship('A', 'delivered', at(1));
    ship('B', 'underway', at(0));
    ship('B', 'delivered', at(0.002));
    expect(read().at(-1)!.value).toEqual({ timeToDeliver: 1002, count: 2, averageMs: 501 });
  });
});

// ---- Invariant 4, against a brute-force reference ----

type Ev = { packet: string; status: Shipping['status']; ts: number };
const packets = ['PA', 'PB', 'PC', 'PD', 'PE'];
const evArb: fc.Arbitrary<Ev> = fc.record({
  packet: fc.constantFrom(...packets),
  status: fc.constantFrom('underway', 'delivered', 'lost'),
  ts: fc.integer({ min: 0, max: 700_000 }),
});

/**
 * B10 by definition: per packet, its first underway (index iu) and first delivered (id); it contributes at record
 * max(iu, id) with Δ = delivered − underway if 0 ≤ Δ ≤ 300 000 and no `lost` came before that record.
 */
function reference(events: readonly Ev[]) {
  const contributions: { index: number; delta: number }[] = [];
  for (const p of packets) {
    const iu = events.findIndex((e) => e.packet === p && e.status === 'underway');
    const id = events.findIndex((e) => e.packet === p && e.status === 'delivered');
    if (iu < 0 || id < 0) continue;
    const decided = Math.max(iu, id);
    const lostBefore = events.some((e, i) => i < decided && e.packet === p && e.status === 'lost');
    const delta = events[id]!.ts - events[iu]!.ts;
    if (!lostBefore && delta >= 0 && delta <= 300_000) contributions.push({ index: decided, delta });
  }
  contributions.sort((a, b) => a.index - b.index);
  let sum = 0;
  return contributions.map((c, n) => {
    sum += c.delta;
    return { key: 'fixed', value: { timeToDeliver: sum, count: n + 1, averageMs: Math.floor(sum / (n + 1)) }, timestamp: at(events[c.index]!.ts / 1000) };
  });
}

describe('bookstore B10 invariant 4 (SCENARIOS.md §1.4): count and average bounds, lost never counts', () => {
  it('matches the definition over random shipping histories (any order, duplicates, lost)', () => {
    fc.assert(
      fc.property(fc.array(evArb, { maxLength: 25 }), (events) => {
        const { ship, read } = setup();
        for (const e of events) ship(e.packet, e.status, at(e.ts / 1000));
        expect(read()).toEqual(reference(events));
      }),
      { numRuns: 80 },
    );
  });

  it('generator-shaped chains: count = delivered within 5 min, average in [0, 1000·max dDone], lost never counts', () => {
    const chain = fc.record({ lost: fc.boolean(), tUnder: fc.integer({ min: 0, max: 600 }), dDone: fc.integer({ min: 0, max: 400 }) });
    fc.assert(
      fc.property(fc.array(chain, { minLength: 1, maxLength: 12 }), (chains) => {
        const { ship, read } = setup();
        const records = chains.flatMap((c, i) => [
          { packet: `K${i}`, status: 'underway' as const, ts: at(c.tUnder) },
          { packet: `K${i}`, status: c.lost ? ('lost' as const) : ('delivered' as const), ts: at(c.tUnder + c.dDone) },
        ]);
        records.sort((a, b) => a.ts - b.ts || (a.status === 'underway' ? -1 : 1));
        for (const r of records) ship(r.packet, r.status, r.ts);
        const out = read();
        const counted = chains.filter((c) => !c.lost && c.dDone * 1000 <= 300_000);
        const last = out.at(-1)?.value ?? { timeToDeliver: 0, count: 0, averageMs: 0 };
        expect(last.count).toBe(counted.length);
        expect(out).toHaveLength(counted.length);
        expect(last.timeToDeliver).toBe(counted.reduce((s, c) => s + c.dDone * 1000, 0));
        const maxDone = Math.max(...chains.map((c) => c.dDone));
        if (last.count > 0) {
          expect(last.timeToDeliver / last.count).toBeGreaterThanOrEqual(0);
          expect(last.timeToDeliver / last.count).toBeLessThanOrEqual(1000 * maxDone);
        }
      }),
      { numRuns: 60 },
    );
  });
});
