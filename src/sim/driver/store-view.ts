import { keyId } from '../key-id.js';
import type { StateStore } from '../stores/state-store.js';

/**
 * One read view over a store's instances in every task (Kafka's composite interactive-query stores).
 * A read that returns a list concatenates every instance's answer, ordered by key when the items have
 * keys; a read that returns one value gives the first instance's non-null answer.
 */
export function compositeStoreView<S extends StateStore>(name: string, instances: readonly StateStore[]): S {
  if (instances.length === 1) return instances[0] as S;
  const first = instances[0];
  if (first === undefined) throw new Error(`no state store named '${name}' in this topology`);
  return new Proxy(first, {
    get(target, prop, receiver) {
      const member: unknown = Reflect.get(target, prop, receiver);
      if (typeof member !== 'function' || prop === 'constructor') return member;
      return (...args: unknown[]) => {
        const results = instances.map((s) => (Reflect.get(s, prop) as (...a: unknown[]) => unknown).apply(s, args));
        if (Array.isArray(results[0])) {
          const all = (results as unknown[][]).flat();
          if (all.every((x) => typeof x === 'object' && x !== null && 'key' in x)) {
            return all.sort((a, b) => compareIds(keyId((a as { key: unknown }).key), keyId((b as { key: unknown }).key)));
          }
          return all;
        }
        if (typeof results[0] === 'number') return (results as number[]).reduce((x, y) => x + y, 0);
        return results.find((r) => r !== null && r !== undefined) ?? results[0];
      };
    },
  }) as S;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
