import { z } from 'zod';
import { checkProbability, checkSkew, CommonFaultsSchema, SkewSchema, T0, type CommonFaults } from '../common/index.js';

/** The services an outage can stop (`status` includes its watchdog). */
export const PIZZA_SERVICES = ['assemble', 'bake', 'delivery', 'status'] as const;
export type PizzaService = (typeof PIZZA_SERVICES)[number];

/**
 * `outage {service, from, to}`: the service starts nothing in [from, to). **Interpretation:** `from` and `to` are ms
 * offsets from `startTime` (the examples' "outage over [0, 60 s)").
 */
export interface PizzaOutage {
  readonly service: PizzaService;
  readonly from: number;
  readonly to: number;
}

/** `statusReorder {p, maxMs}`: the §0.4 delay, on `pizza-status` only. */
export interface StatusReorderFault {
  readonly p: number;
  readonly maxMs: number;
}

/** The common faults of §0.4 (on the webapp's records) plus the shop's own. */
export interface PizzaFaults extends CommonFaults {
  readonly outage?: PizzaOutage | readonly PizzaOutage[];
  readonly statusReorder?: StatusReorderFault;
}

export interface PizzaOptions {
  readonly seed: number;
  readonly startTime: number;
  readonly durationMs: number;
  /** Webapp sessions (customers) the orders pick from. */
  readonly sessions: number;
  /**
   * Key-popularity skew (Zipf exponent, 0..10): each order's session (customer) is picked with weight
   * 1/(i+1)^skew by session index i, so the first customers order most. 0 = uniform.
   */
  readonly skew: number;
  readonly faults: PizzaFaults;
}

/** §5.2 defaults (seed 1; every fault off). Partitions are the run's `partitions` (default 1, the original's 6). */
export const DEFAULT_PIZZA_OPTIONS: PizzaOptions = Object.freeze({
  seed: 1,
  startTime: T0,
  durationMs: 600_000,
  sessions: 5,
  skew: 0,
  faults: Object.freeze({}),
});

const ms = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const OutageSchema = z.strictObject({ service: z.enum(PIZZA_SERVICES), from: ms, to: ms });

export const PizzaOptionsSchema = z.strictObject({
  seed: z.number().int().refine(Number.isSafeInteger, 'seed must be a safe integer').optional(),
  startTime: ms.optional(),
  durationMs: ms.optional(),
  sessions: z.number().int().min(1).max(1_000_000).optional(),
  skew: SkewSchema.optional(),
  faults: CommonFaultsSchema.extend({
    outage: z.union([OutageSchema, z.array(OutageSchema).readonly()]).optional(),
    statusReorder: z.strictObject({ p: z.number().min(0).max(1), maxMs: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER) }).optional(),
  }).optional(),
});

/** Every outage of the options, in the order given. */
export function outagesOf(faults: PizzaFaults | undefined): readonly PizzaOutage[] {
  const o = faults?.outage;
  if (o === undefined) return [];
  return Array.isArray(o) ? (o as readonly PizzaOutage[]) : [o as PizzaOutage];
}

/** The defaults filled in and every value checked. */
export function resolvePizzaOptions(options: Partial<PizzaOptions>): PizzaOptions {
  const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<PizzaOptions>;
  const o: PizzaOptions = { ...DEFAULT_PIZZA_OPTIONS, ...given };
  for (const [name, value, min] of [
    ['startTime', o.startTime, 0],
    ['durationMs', o.durationMs, 0],
    ['sessions', o.sessions, 1],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`pizza: ${name} must be an integer >= ${String(min)}, got ${String(value)}`);
  }
  for (const outage of outagesOf(o.faults)) {
    if (!PIZZA_SERVICES.includes(outage.service)) throw new RangeError(`pizza: outage service must be one of ${PIZZA_SERVICES.join(', ')}`);
    if (!Number.isSafeInteger(outage.from) || !Number.isSafeInteger(outage.to) || outage.from < 0 || outage.to < outage.from) {
      throw new RangeError(`pizza: an outage needs integer offsets 0 <= from <= to, got [${String(outage.from)}, ${String(outage.to)})`);
    }
  }
  checkSkew(o.skew, 'pizza');
  const reorder = o.faults.statusReorder;
  if (reorder !== undefined) {
    checkProbability(reorder.p, 'statusReorder');
    if (!Number.isSafeInteger(reorder.maxMs) || reorder.maxMs < 1) throw new RangeError(`pizza: statusReorder maxMs must be an integer >= 1`);
  }
  return o;
}
