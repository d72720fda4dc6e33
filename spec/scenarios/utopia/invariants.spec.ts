import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScenario, type ScenarioOutputRecord } from '../../../src/scenarios/common/index.js';
import type { UtopiaOptions } from '../../../src/scenarios/utopia/generator.js';
import { utopiaScenario } from '../../../src/scenarios/utopia/scenario.js';
import { reference } from './reference.js';

/** Small generated histories (§2.2 generator, random seeds), some with faults, so that every question has answers. */
const historyArb: fc.Arbitrary<Partial<UtopiaOptions>> = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  customers: fc.integer({ min: 1, max: 6 }),
  artists: fc.integer({ min: 1, max: 4 }),
  events: fc.integer({ min: 1, max: 5 }),
  tickets: fc.integer({ min: 0, max: 45 }),
  streams: fc.integer({ min: 0, max: 40 }),
  durationMs: fc.constantFrom(0, 20_000, 40_000),
  zipPoolSize: fc.integer({ min: 1, max: 3 }),
  faults: fc.constantFrom({}, { danglingTicket: { p: 0.2 } }, { duplicate: { p: 0.1 } }, { delay: { p: 0.3, maxMs: 5000 } }),
});

const T = {
  u1: 'kafka-workshop-top-10-stream-count',
  u2: 'kafka-workshop-top-3-artists',
  u3: 'kafka-workshop-customers-by-top-artist',
  u4: 'kafka-workshop-ticket-response',
  u5: 'kafka-workshop-event-capacity-alerts',
  u6: 'kafka-workshop-artist-event-alerts',
  u7: 'kafka-workshop-must-see-venue-events',
  u8: 'kafka-workshop-must-see-venue-customers',
  u9: 'kafka-workshop-suggested-events-genre',
  u10: 'kafka-workshop-global-totals',
  u11: 'kafka-workshop-tickets-by-zipcode',
  u12: 'kafka-workshop-zipcode-popular-event-alerts',
} as const;

type Kv = { key: unknown; value: unknown };
const kv = (rs: readonly ScenarioOutputRecord[] | undefined): Kv[] => (rs ?? []).map((r) => ({ key: r.key, value: r.value }));
const groupBy = <X>(xs: readonly X[], k: (x: X) => string): Map<string, X[]> => {
  const m = new Map<string, X[]>();
  for (const x of xs) m.set(k(x), [...(m.get(k(x)) ?? []), x]);
  return m;
};

function runHistory(options: Partial<UtopiaOptions>, partitions = 1) {
  const input = utopiaScenario.generate(options);
  const run = runScenario(utopiaScenario, { options, input, partitions });
  const out = (topic: string): Kv[] => kv(run.outputs.get(topic));
  return { input, run, out };
}

describe('utopia §2.5 invariants over generated histories (brute-force reference)', () => {
  it('every output topic equals the brute-force reference of §2.3–2.4, record for record (1 partition)', () => {
    fc.assert(
      fc.property(historyArb, (options) => {
        const { input, out } = runHistory(options);
        const ref = reference(input);
        for (const topic of Object.values(T)) expect(out(topic), topic).toEqual(ref.outputs.get(topic) ?? []);
      }),
      { numRuns: 6 },
    );
  });

  it('invariants 1–8 hold on the outputs', () => {
    fc.assert(
      fc.property(historyArb, (options) => {
        const { input, out } = runHistory(options);
        const ref = reference(input);
        const streams = input.filter((r) => r.topic === 'data-demo-streams').map((r) => r.value as { customerid: string });

        // 1. U1: one output per stream, for its customer; top 3 in count order.
        const u1 = out(T.u1);
        expect(u1.map((r) => r.key)).toEqual(streams.map((s) => s.customerid));
        for (const r of u1) {
          const counts = (r.value as [string, number][]).map(([, n]) => n);
          expect(counts.length).toBeLessThanOrEqual(3);
          expect(counts).toEqual([...counts].sort((a, b) => b - a));
        }
        for (const [c, m] of ref.streamsPerCustomer) expect(m.total()).toBe(streams.filter((s) => s.customerid === c).length);

        // 2. U3: at the end, each streaming customer is in exactly one list, the one keyed by its top1.
        const lists = new Map<string, string[]>();
        for (const r of out(T.u3)) {
          if (r.value === null) lists.delete(r.key as string);
          else lists.set(r.key as string, r.value as string[]);
          const all = [...lists.values()].flat();
          expect(new Set(all).size).toBe(all.length);
        }
        for (const [c, m] of ref.streamsPerCustomer) {
          const holders = [...lists].filter(([, cs]) => cs.includes(c)).map(([a]) => a);
          expect(holders).toEqual([m.first()]);
        }

        // 3. U4 per event: CONFIRMED first, never above capacity; remaining = capacity − requested, −1 per response.
        type U4 = { confirmationStatus: string; remainingTickets: number; event: { capacity: number } };
        const u4 = groupBy(out(T.u4), (r) => r.key as string);
        for (const [, rs] of u4) {
          const vs = rs.map((r) => r.value as U4);
          const cap = vs[0]!.event.capacity;
          const statuses = vs.map((v) => v.confirmationStatus);
          const confirmed = statuses.filter((s) => s === 'CONFIRMED').length;
          expect(confirmed).toBeLessThanOrEqual(Math.max(0, cap));
          expect(statuses.slice(0, confirmed).every((s) => s === 'CONFIRMED')).toBe(true);
          expect(vs.map((v) => v.remainingTickets)).toEqual(vs.map((_, i) => cap - (i + 1)));
        }

        // 4. U5 per event: at most one ALMOST and one SOLD_OUT, ALMOST first; SOLD_OUT iff requested ≥ capacity.
        const u5 = groupBy(out(T.u5), (r) => r.key as string);
        for (const [e, rs] of u5) {
          const statuses = rs.map((r) => (r.value as { status: string }).status);
          expect(['SOLD_OUT', 'ALMOST_SOLD_OUT', 'ALMOST_SOLD_OUT,SOLD_OUT']).toContain(statuses.join());
          expect(u4.has(e)).toBe(true);
        }
        for (const [e, rs] of u4) {
          const cap = (rs[0]!.value as U4).event.capacity;
          const soldOut = (u5.get(e) ?? []).some((r) => (r.value as { status: string }).status === 'SOLD_OUT');
          if (cap >= 1) expect(soldOut).toBe(rs.length >= cap);
        }

        // 5. U12 never alerts the buyer (the conditions themselves: the reference equality above).
        for (const r of out(T.u12)) {
          const v = r.value as { customerid: string; buyerCustomerid: string };
          expect(v.customerid).not.toBe(v.buyerCustomerid);
        }

        // 6. U8: the leader's count is the maximum of confirmed tickets per venue.
        const confirmedPerVenue = new Map<string, number>();
        for (const [, rs] of u4) {
          for (const r of rs) {
            const v = r.value as U4 & { event: { venueid: string } };
            if (v.confirmationStatus === 'CONFIRMED') confirmedPerVenue.set(v.event.venueid, (confirmedPerVenue.get(v.event.venueid) ?? 0) + 1);
          }
        }
        const u8 = out(T.u8).at(-1)?.value as { customerCount: number } | undefined;
        expect(u8?.customerCount ?? 0).toBe(Math.max(0, ...confirmedPerVenue.values()));

        // 7. U10: the final value has the generator's counts; eventsOccurred never decreases (nothing is deleted).
        const u10 = out(T.u10).map((r) => r.value as Record<string, number>);
        const ids = (topic: string) => new Set(input.filter((r) => r.topic === topic).map((r) => r.key)).size;
        const records = (topic: string) => input.filter((r) => r.topic === topic).length;
        expect(u10.length).toBe(records('data-demo-customers') + records('data-demo-events') + records('data-demo-streams') + records('data-demo-tickets'));
        if (u10.length > 0) {
          expect(u10.at(-1)).toMatchObject({
            customers: ids('data-demo-customers'),
            events: ids('data-demo-events'),
            streams: records('data-demo-streams'),
            tickets: records('data-demo-tickets'),
          });
        }
        for (let i = 1; i < u10.length; i++) expect(u10[i]!.eventsOccurred).toBeGreaterThanOrEqual(u10[i - 1]!.eventsOccurred!);

        // 8. U11: the counts sum to the tickets whose customer has an address when the ticket is processed.
        const housed = new Set<string>();
        let addressed = 0;
        for (const r of input) {
          const v = r.value as { type?: string; customerid?: string | null } | null;
          if (r.topic === 'data-demo-addresses' && v?.type === 'RESID' && v.customerid != null) housed.add(v.customerid);
          if (r.topic === 'data-demo-tickets' && housed.has((v as { customerid: string }).customerid)) addressed++;
        }
        const zips = new Map<string, number>();
        for (const r of out(T.u11)) zips.set(r.key as string, (r.value as { ticketCount: number }).ticketCount);
        expect([...zips.values()].reduce((a, b) => a + b, 0)).toBe(addressed);
      }),
      { numRuns: 5 },
    );
  });

  it('keyed results and alert sets are equal for 1 and 3 partitions (U10 included)', () => {
    const finalByKey = (rs: Kv[]) => {
      const m = new Map<string, string>();
      for (const r of rs) m.set(JSON.stringify(r.key), JSON.stringify(r.value));
      return [...m].sort();
    };
    const asSet = (rs: Kv[]) => rs.map((r) => JSON.stringify(r)).sort();
    fc.assert(
      fc.property(historyArb, (options) => {
        const one = runHistory(options, 1).out;
        const three = runHistory(options, 3).out;
        for (const topic of [T.u1, T.u2, T.u3, T.u4, T.u5, T.u7, T.u8, T.u10, T.u11]) expect(finalByKey(three(topic)), topic).toEqual(finalByKey(one(topic)));
        for (const topic of [T.u1, T.u4, T.u5, T.u6, T.u9, T.u11, T.u12]) expect(asSet(three(topic)), topic).toEqual(asSet(one(topic)));
      }),
      { numRuns: 3 },
    );
  });
});
