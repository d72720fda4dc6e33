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
          // One instance answering keeps that store's own order (a window fetch keyed by start time).
          const answered = (results as unknown[][]).filter((r) => r.length > 0);
          if (answered.length <= 1) return answered[0] ?? [];
          const all = answered.flat();
          // Window and session stores order by time first: they say how (viewOrder); backward reads reverse it.
          const viewOrder: unknown = Reflect.get(target, 'viewOrder');
          if (typeof viewOrder === 'function') {
            const backward = typeof prop === 'string' && (prop.startsWith('backward') || prop.startsWith('reverse'));
            const order = (a: unknown, b: unknown) => (viewOrder as (x: unknown, y: unknown) => number).call(target, a, b);
            return all.sort(backward ? (a, b) => order(b, a) : order);
          }
          if (all.every((x) => typeof x === 'object' && x !== null && 'key' in x)) {
            return all.sort((a, b) => compareIds(keyId((a as { key: unknown }).key), keyId((b as { key: unknown }).key)));
          }
          return all;
        }
        // Counts (approximateNumEntries) add up; a looked-up value (a count in a session store) is not summed with misses.
        if (results.every((r) => typeof r === 'number')) return (results as number[]).reduce((x, y) => x + y, 0);
        return results.find((r) => r !== null && r !== undefined) ?? results[0];
      };
    },
  }) as S;
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
