import { createHash } from 'node:crypto';

/**
 * The services' timings as pure functions (SCENARIOS.md §5.2, variant A of the original shop).
 */

/** The recipe string the original hashes: `sauce@cheese@extra1,extra2@main`. */
export function recipeString(sauce: string, cheese: string, extras: readonly string[], main: string): string {
  return `${sauce}@${cheese}@${extras.join(',')}@${main}`;
}

/** `parseInt(md5(recipe).slice(-4), 16)`, md5 as lower-case hex. */
export function recipeSeed(recipe: string): number {
  return parseInt(createHash('md5').update(recipe, 'utf8').digest('hex').slice(-4), 16);
}

/** Assembling time A in seconds: `seed % 8 + 4`. */
export function assembleSeconds(seed: number): number {
  return (seed % 8) + 4;
}

/** Baking time B in seconds: `seed % 8 + 8` (= A + 4); the assemble service sends it as `baking_time`. */
export function bakeSeconds(seed: number): number {
  return (seed % 8) + 8;
}

/**
 * Delivery time D in seconds: `factor · (BigInt("0x" + customer_id) % 10 + 5)`, factor 2 on the pending path.
 * A customer id that is not hex is treated as "0000" (D/factor = 5), like a missing one.
 */
export function deliverySeconds(customerId: string, factor: 1 | 2 = 1): number {
  const id = /^[0-9a-fA-F]+$/.test(customerId) ? customerId : '0000';
  return factor * (Number(BigInt(`0x${id}`) % 10n) + 5);
}

/** The customer id delivery uses when an order has none. */
export const MISSING_CUSTOMER_ID = '0000';
