import { Stores } from '../../sim/stores/stores.js';
import type { StreamsBuilder } from '../../streams/index.js';

/** Adds a logged in-memory key-value store that a scenario's processors use by name; returns the name. */
export function addKeyValueStore(builder: StreamsBuilder, name: string): string {
  builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name)));
  return name;
}
