import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyId } from '../../src/sim/key-id.js';
import { InMemoryKeyValueStore } from '../../src/sim/stores/key-value-store.js';
import type { StoreContext } from '../../src/sim/stores/state-store.js';
import { InMemoryWindowStore } from '../../src/sim/stores/window-store.js';
import { InMemorySuppressionBuffer } from '../../src/streams/suppress/suppression-buffer.js';

/**
 * Stores may hand their changelog the key's id (StoreContext#logChange) so that the log cleaner need not compute it.
 * A wrong id would make compaction keep or drop the wrong records, so: every id given is keyId of the key written.
 */
function recordingContext(): { context: StoreContext; given: number; time: { now: number } } {
  const time = { now: 0 };
  const state = {
    given: 0,
    time,
    context: {
      applicationId: 'app',
      taskId: '0_0',
      partition: 0,
      logChange: (key: unknown, _value: unknown, _ts: number, id?: string) => {
        if (id === undefined) return;
        state.given++;
        expect(id).toBe(keyId(key));
      },
      currentTimestampMs: () => time.now,
      currentStreamTimeMs: () => time.now,
    } satisfies StoreContext,
  };
  return state;
}

// Keys whose ids are equal although the objects differ (field order), and keys of several types.
const keyArb = fc.oneof(
  fc.constantFrom('a', 'b', 'c"q', ''),
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom({ id: 1, region: 'x' }, { region: 'x', id: 1 }, { id: 2 }),
);
const valueArb = fc.option(fc.integer(), { nil: null });

describe('the key ids stores give their changelogs', () => {
  it('window stores (with and without duplicates): keyId of the changelog key', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.tuple(keyArb, valueArb, fc.integer({ min: 0, max: 6 })), { maxLength: 60 }), (dups, writes) => {
        const rec = recordingContext();
        const store = new InMemoryWindowStore<unknown, number>('w', 5 * 60_000, 60_000, dups);
        store.init(rec.context);
        for (const [key, value, window] of writes) {
          rec.time.now = window * 60_000;
          store.put(key, value, window * 60_000);
        }
        if (!dups && writes.some(([, v]) => v !== null)) expect(rec.given).toBeGreaterThan(0);
      }),
    );
  });

  it('key-value stores: keyId of the key', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, valueArb), { maxLength: 40 }), (writes) => {
        const rec = recordingContext();
        const store = new InMemoryKeyValueStore<unknown, number>('kv');
        store.init(rec.context);
        for (const [key, value] of writes) store.put(key, value);
        expect(rec.given).toBe(writes.length);
      }),
    );
  });

  it('suppression buffers: keyId of the buffered key, for updates and for evictions', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, fc.integer({ min: 0, max: 100 }), fc.boolean()), { maxLength: 40 }), (ops) => {
        const rec = recordingContext();
        const buffer = new InMemorySuppressionBuffer<unknown, number>('s', false);
        buffer.init(rec.context);
        for (const [key, time, evict] of ops) {
          if (evict) buffer.evictWhile(() => buffer.minTimestamp() <= time, () => undefined);
          else buffer.put(time, key, { newValue: time, oldValue: null }, time, []);
          buffer.flush();
        }
      }),
    );
  });
});
