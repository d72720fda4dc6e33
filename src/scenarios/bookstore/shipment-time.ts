import type { Processor, ProcessorContext, StreamRecord } from '../../sim/processor.js';
import type { KeyValueStore } from '../../sim/stores/key-value-store.js';
import type { StreamsBuilder } from '../../streams/index.js';
import { addKeyValueStore } from '../common/index.js';
import { toSingleKey } from './apps-common.js';
import { TOPIC_SHIPPING, type Shipping } from './schemas.js';

/** Output topic of the ShipmentTime app (SCENARIOS.md §1.3 B10). */
export const SHIPPING_TIMES_OUTPUT = 'shipping-times';
/** The one key every B10 output carries. */
export const SHIPPING_TIMES_KEY = 'fixed';
/** A delivery counts only if it came at most this long after its underway (the original's 5-minute join window). */
export const MAX_DELIVERY_MS = 300_000;

/** The B10 output value. `averageMs` = floor(timeToDeliver / count), a field the original only logged. */
export interface ShippingTimes {
  readonly timeToDeliver: number;
  readonly count: number;
  readonly averageMs: number;
}

/** Per packet: the `timestamp` fields of its first underway and first delivered, whether it was lost, decided. */
interface PacketState {
  readonly underway: number | null;
  readonly delivered: number | null;
  readonly lost: boolean;
  /** Set once both first records exist: the packet then contributed or never will. */
  readonly decided: boolean;
}

const PACKETS_STORE = 'shipment-time-packets';
const TOTALS_STORE = 'shipment-time-totals';

/**
 * The ShipmentTime app (SCENARIOS.md §1.3 B10): the running average time from a packet's first `underway` to its
 * first `delivered` (by arrival order; Δ from the records' `timestamp` value fields). Built as one processor that
 * keeps per-packet state rather than as the original's stream–stream join; the outputs are the ones §1.3 defines.
 * - A packet contributes once, as soon as both records exist (either arrival order), if 0 ≤ Δ ≤ 5 min.
 * - Lost packets never count. Decision: a `lost` that arrives after the packet was already counted changes
 *   nothing (a contribution is never withdrawn); the generator never sends both.
 * - Duplicates and later records of a decided packet are ignored. Packets are taken from the value's `packet`.
 * - Emitted (key "fixed", the triggering record's timestamp) on each contribution only.
 * - Partitions > 1: records are re-keyed to "fixed" and repartitioned, so one task holds the totals.
 */
export function shipmentTime(builder: StreamsBuilder): void {
  addKeyValueStore(builder, PACKETS_STORE);
  addKeyValueStore(builder, TOTALS_STORE);
  toSingleKey(builder.stream<string, Shipping | null>(TOPIC_SHIPPING), SHIPPING_TIMES_KEY, 'shipment-time-single-key')
    .process(shipmentTimeProcessor, PACKETS_STORE, TOTALS_STORE)
    .to(SHIPPING_TIMES_OUTPUT);
}

function shipmentTimeProcessor(): Processor<string, Shipping | null, string, ShippingTimes> {
  let ctx!: ProcessorContext<string, ShippingTimes>;
  let packets!: KeyValueStore<string, PacketState>;
  let totals!: KeyValueStore<string, ShippingTimes>;

  return {
    init(c) {
      ctx = c;
      packets = c.getStateStore(PACKETS_STORE);
      totals = c.getStateStore(TOTALS_STORE);
    },
    process(r: StreamRecord<string, Shipping | null>) {
      const s = r.value;
      if (s === null) return ctx.recordDropped('null shipping value');
      const old = packets.get(s.packet) ?? { underway: null, delivered: null, lost: false, decided: false };
      if (old.decided) return;
      const next: PacketState = {
        underway: old.underway ?? (s.status === 'underway' ? s.timestamp : null),
        delivered: old.delivered ?? (s.status === 'delivered' ? s.timestamp : null),
        lost: old.lost || s.status === 'lost',
        decided: false,
      };
      if (next.underway === null || next.delivered === null) return packets.put(s.packet, next);
      packets.put(s.packet, { ...next, decided: true });
      const delta = next.delivered - next.underway;
      if (next.lost || delta < 0 || delta > MAX_DELIVERY_MS) return;
      const before = totals.get(SHIPPING_TIMES_KEY) ?? { timeToDeliver: 0, count: 0, averageMs: 0 };
      const timeToDeliver = before.timeToDeliver + delta;
      const count = before.count + 1;
      const value: ShippingTimes = { timeToDeliver, count, averageMs: Math.floor(timeToDeliver / count) };
      totals.put(SHIPPING_TIMES_KEY, value);
      ctx.forward({ key: SHIPPING_TIMES_KEY, value, timestamp: r.timestamp, headers: [] });
    },
  };
}
