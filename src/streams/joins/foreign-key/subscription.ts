import { keyId } from '../../../sim/key-id.js';

/**
 * The messages of a foreign-key join (KIP-213), as Kafka's foreignkeyjoin package has them: a subscription
 * travels from the left (primary) table to the partition of its foreign key, a response travels back to
 * the partition of the primary key.
 */

/** SubscriptionWrapper.Instruction: what the right side does with a subscription. */
export type SubscriptionInstruction =
  /** Remove the subscription, answer nothing (the old FK of a row whose FK changed). */
  | 'DELETE_KEY_NO_PROPAGATE'
  /** Remove the subscription and answer null, so that the left side deletes its result. */
  | 'DELETE_KEY_AND_PROPAGATE'
  /** Subscribe and answer with the right value, or null when there is none. */
  | 'PROPAGATE_NULL_IF_NO_FK_VAL_AVAILABLE'
  /** Subscribe and answer only when a right value exists. */
  | 'PROPAGATE_ONLY_IF_FK_VAL_AVAILABLE';

export interface SubscriptionWrapper<K> {
  /** Hash of the left value that sent it (null for a left delete): stale responses are recognised by it. */
  readonly hash: string | null;
  readonly instruction: SubscriptionInstruction;
  readonly primaryKey: K;
  /** Partition of the left record, where the response must go back to. */
  readonly primaryPartition: number;
}

export interface SubscriptionResponseWrapper<VO> {
  readonly originalValueHash: string | null;
  readonly foreignValue: VO | null;
  readonly primaryPartition: number;
}

/** The subscription store's key: Kafka's CombinedKey (foreign key, then primary key). */
export interface CombinedKey<KO, K> {
  readonly foreignKey: KO | null;
  readonly primaryKey: K;
}

/**
 * Store key of a subscription: the foreign key's id with its length in front, then the primary key's id,
 * so that every subscription of one foreign key shares a prefix (Kafka's CombinedKeySchema writes the
 * foreign key's byte length first for the same reason) and they sort by primary key.
 */
export function subscriptionStoreKey(foreignKey: unknown, primaryKey: unknown): string {
  return foreignKeyPrefix(foreignKey) + keyId(primaryKey);
}

export function foreignKeyPrefix(foreignKey: unknown): string {
  const id = keyId(foreignKey);
  return `${id.length}:${id}`;
}

/** Foreign keys compare as Kafka compares them, by their serialized form (here: canonical ids). */
export function sameForeignKey(a: unknown, b: unknown): boolean {
  return keyId(a) === keyId(b);
}

/**
 * A 64-bit hash of a left value, from its canonical form (Kafka hashes the serialized value with
 * Murmur3 128): two lanes over the UTF-16 code units, mixed as murmur3's fmix32 mixes.
 */
export function valueHash(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  const s = keyId(value);
  let h1 = 0x9747b28c ^ s.length;
  let h2 = 0x1b873593 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x5bd1e995);
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ c, 0xcc9e2d51);
    h2 = (h2 << 13) | (h2 >>> 19);
  }
  return hex32(fmix32(h1 ^ Math.imul(h2, 0x85ebca6b))) + hex32(fmix32(h2 ^ h1));
}

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
