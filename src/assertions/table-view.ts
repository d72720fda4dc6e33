import type { ReadOnlyKeyValueStore } from '../sim/stores/key-value-store.js';
import { assertNoDiff, type ExpectOptions } from './expect-output.js';
import { entryRecords, type ExpectedEntries } from './expected-entries.js';
import { diffRecords } from './record-diff.js';

/**
 * Expects a key-value store to hold exactly these entries, in any order: every entry of `all()` is
 * compared, so a key the store should not hold fails too. Pass the store from
 * TestDriver#getKeyValueStore, which strips a KTable store's timestamps as Kafka's test driver does.
 */
export function expectTable<K, V>(store: ReadOnlyKeyValueStore<K, V>, expected: ExpectedEntries<K, V>, options: ExpectOptions = {}): void {
  const entries = store.all().map((kv) => ({ key: kv.key, value: kv.value }));
  const diff = diffRecords(entryRecords(expected), entries, { ordered: false });
  assertNoDiff(diff, { label: `store '${store.name}'`, noun: ['entry', 'entries'], indexes: false, ...options });
}
