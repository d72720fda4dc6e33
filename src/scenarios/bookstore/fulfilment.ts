import type { SeededFaker } from '../common/index.js';

/** A delay of whole seconds: `round(max(0, normal(μ, σ)))`, rounded half-up (§1.2). */
function delaySeconds(rnd: SeededFaker, mu: number, sigma: number): number {
  return Math.round(Math.max(0, rnd.normal(mu, sigma)));
}

/** What happens to one order after it is placed, all drawn at order time (§1.2, fulfilment chain). */
export interface FulfilmentChain {
  readonly transactionId: string;
  /** tPay = tOrder + 1000·dPay. */
  readonly tPay: number;
  readonly packet: string;
  /** tShip = tPay + 1000·dShip: the purchase is re-sent with its packet. */
  readonly tShip: number;
  /** tUnder = tShip + 1000·dUnder: shipping `underway`. */
  readonly tUnder: number;
  /** tDone = tUnder + 1000·dDone: shipping `lost` or `delivered`. */
  readonly tDone: number;
  readonly lost: boolean;
}

/**
 * Draws one order's chain from the `fulfil` faker in the order of §1.2: transactionId, dPay = round(max(0,
 * normal(5, 30))), packet (10 alphanumerics), dShip, dUnder (normal(5, 2) each), dDone (normal(5, 3)), lost =
 * bern(lostP). Always the same number of draws, so one order's chain never depends on another's outcome.
 */
export function drawFulfilment(rnd: SeededFaker, tOrder: number, lostP: number): FulfilmentChain {
  const transactionId = rnd.faker.string.uuid();
  const dPay = delaySeconds(rnd, 5, 30);
  const packet = rnd.faker.string.alphanumeric(10);
  const dShip = delaySeconds(rnd, 5, 2);
  const dUnder = delaySeconds(rnd, 5, 2);
  const dDone = delaySeconds(rnd, 5, 3);
  const lost = rnd.bern(lostP);
  const tPay = tOrder + 1000 * dPay;
  const tShip = tPay + 1000 * dShip;
  const tUnder = tShip + 1000 * dUnder;
  return { transactionId, tPay, packet, tShip, tUnder, tDone: tUnder + 1000 * dDone, lost };
}
