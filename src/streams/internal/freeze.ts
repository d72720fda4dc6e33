import { TopologyError } from '../../sim/errors.js';

/**
 * Freezes a value and everything it reaches. Stores here keep values, not bytes: an aggregator that changed
 * its aggregate in place (the Java idiom, harmless behind Kafka's serdes) would silently change the stored
 * value and the old value already forwarded. Frozen, the same code fails loudly instead.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const v of Object.values(value as object)) deepFreeze(v);
  return value;
}

/** Runs a user function over frozen state, turning a write to it into an error that says what to change. */
export function callWithFrozenState<R>(nodeName: string, what: string, fn: () => R): R {
  try {
    return fn();
  } catch (err) {
    if (err instanceof TypeError && /read.only|not extensible|Cannot (assign|add|delete|define)/i.test(err.message)) {
      throw new TopologyError(
        `${what} of '${nodeName}' changed its stored value in place (${err.message}): return a new value instead, since stores keep values, not serialized bytes`,
      );
    }
    throw err;
  }
}
