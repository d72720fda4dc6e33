import type { KafkaMessage, Producer } from 'kafkajs';
import { fieldOf } from '../../common/index.js';
import { MISSING_CUSTOMER_ID, recipeSeed, recipeString } from '../timings.js';

/** The order id a message is keyed by. */
export function keyOf(message: KafkaMessage): string {
  return message.key === null ? '' : message.key.toString();
}

/** The message's JSON value (undefined when it is not JSON, as a Python `json.loads` would fail). */
export function jsonOf(message: KafkaMessage): unknown {
  if (message.value === null) return undefined;
  try {
    return JSON.parse(message.value.toString()) as unknown;
  } catch {
    return undefined;
  }
}

/** Sends one JSON record keyed by order id, its record timestamp the `timestamp` the value carries. */
export async function sendJson<V extends { readonly timestamp: number }>(producer: Producer, topic: string, orderId: string, value: V): Promise<void> {
  await producer.send({ topic, messages: [{ key: orderId, value: JSON.stringify(value), timestamp: String(value.timestamp) }] });
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The recipe seed of a `pizza-ordered` value's order (SCENARIOS.md §5.2: md5 of sauce@cheese@extras@main). */
export function recipeSeedOf(ordered: unknown): number {
  const order = fieldOf(ordered, 'order');
  const extras = fieldOf(order, 'extra_toppings');
  return recipeSeed(
    recipeString(text(fieldOf(order, 'sauce')), text(fieldOf(order, 'cheese')), Array.isArray(extras) ? extras.map(text) : [], text(fieldOf(order, 'main_topping'))),
  );
}

/** The customer of a `pizza-ordered` value ("0000" when missing, as delivery reads it). */
export function customerOf(ordered: unknown): string {
  const customer = fieldOf(fieldOf(ordered, 'order'), 'customer_id');
  return typeof customer === 'string' && customer !== '' ? customer : MISSING_CUSTOMER_ID;
}
