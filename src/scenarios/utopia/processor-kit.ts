import { addKeyValueStore } from '../common/index.js';
import type { ProcessorContext, ProcessorSupplier, StreamRecord } from '../../sim/processor.js';
import type { KeyValueStore } from '../../sim/stores/key-value-store.js';
import type { KStream, StreamsBuilder } from '../../streams/index.js';

/** What a stateful utopia processor may do with the record it is handling. */
export interface ProcessorTools<KOut, VOut> {
  store<K, V>(name: string): KeyValueStore<K, V>;
  /** Forwards with the triggering record's timestamp and headers (§0.5: custom processor → the trigger's). */
  emit(key: KOut, value: VOut): void;
  drop(reason: string): void;
  /** The task's stream time (largest timestamp it has processed). */
  streamTime(): number;
}

/**
 * A processor-API processor from a handler: one instance per task (Kafka's supplier contract), stores looked up
 * once in init. Stores hold the state, never the closure, so that a restored task behaves the same.
 */
export function processorOf<KIn, VIn, KOut, VOut>(
  handle: (record: StreamRecord<KIn, VIn>, tools: ProcessorTools<KOut, VOut>) => void,
): ProcessorSupplier<KIn, VIn, KOut, VOut> {
  return () => {
    let ctx!: ProcessorContext<KOut, VOut>;
    let current!: StreamRecord<KIn, VIn>;
    const stores = new Map<string, KeyValueStore<unknown, unknown>>();
    const tools: ProcessorTools<KOut, VOut> = {
      store<K, V>(name: string): KeyValueStore<K, V> {
        let s = stores.get(name);
        if (s === undefined) {
          s = ctx.getStateStore<KeyValueStore<unknown, unknown>>(name);
          stores.set(name, s);
        }
        return s as unknown as KeyValueStore<K, V>;
      },
      emit(key, value) {
        ctx.forward({ key, value, timestamp: current.timestamp, headers: current.headers });
      },
      drop(reason) {
        ctx.recordDropped(reason);
      },
      streamTime() {
        return ctx.currentStreamTimeMs();
      },
    };
    return {
      init(c) {
        ctx = c;
      },
      process(r) {
        current = r;
        handle(r, tools);
      },
    };
  };
}

/**
 * The first sight of each table row id (events here): later updates and tombstones are not forwarded.
 * The input must be keyed by the row id, which the table topics are.
 */
export function firstSight<V>(builder: StreamsBuilder, stream: KStream<string, V | null>, storeName: string): KStream<string, V> {
  addKeyValueStore(builder, storeName);
  // processValues: the key stays the row id, so nothing downstream needs to repartition for it.
  return stream.processValues<V>(
    processorOf<string, V | null, string, V>((r, t) => {
      if (r.value === null || r.value === undefined) return;
      const seen = t.store<string, boolean>(storeName);
      if (seen.get(r.key) !== null) return;
      seen.put(r.key, true);
      t.emit(r.key, r.value);
    }),
    storeName,
  );
}

/** A row of a table topic moving to or from an owner (a customer): `row` null means the owner lost it. */
export interface OwnedRowChange<V> {
  readonly owner: string;
  readonly rowId: string;
  readonly row: V | null;
}

/**
 * Re-keys a table topic (keyed by row id) by the row's owner, e.g. emails and addresses by customerid. A row that
 * changes owner (or stops qualifying) first sends a removal to its old owner; a tombstone sends one to the last
 * owner, which the row-id store remembers. Rows `ownerOf` gives null for are not owned by anyone.
 */
export function ownedRowChanges<V>(
  builder: StreamsBuilder,
  stream: KStream<string, V | null>,
  ownerOf: (row: V) => string | null,
  storeName: string,
): KStream<string, OwnedRowChange<V>> {
  addKeyValueStore(builder, storeName);
  return stream.process<string, OwnedRowChange<V>>(
    processorOf<string, V | null, string, OwnedRowChange<V>>((r, t) => {
      if (r.key === null || r.key === undefined) return t.drop('null key: a table row needs its id');
      const owners = t.store<string, string>(storeName);
      const before = owners.get(r.key);
      const after = r.value === null || r.value === undefined ? null : ownerOf(r.value);
      if (before !== null && before !== after) t.emit(before, { owner: before, rowId: r.key, row: null });
      if (after === null) {
        owners.delete(r.key);
        return;
      }
      owners.put(r.key, after);
      t.emit(after, { owner: after, rowId: r.key, row: r.value });
    }),
    storeName,
  );
}

/** The row a customer currently owns: the latest one, cleared only by a removal of that same row. */
export interface OwnedRow<V> {
  readonly rowId: string;
  readonly row: V;
}

/** Applies an owned-row change to the owner's current row (latest wins; removing an older row changes nothing). */
export function applyOwnedRow<V>(current: OwnedRow<V> | null, change: OwnedRowChange<V>): OwnedRow<V> | null {
  if (change.row !== null) return { rowId: change.rowId, row: change.row };
  return current !== null && current.rowId === change.rowId ? null : current;
}

/** Inserts an id into an ascending list (no duplicates); ids compare as strings (9-digit ids: numeric order). */
export function insertSorted(ids: readonly string[], id: string): readonly string[] {
  if (ids.includes(id)) return ids;
  return [...ids, id].sort(compareIds);
}

export function removeId(ids: readonly string[], id: string): readonly string[] {
  return ids.filter((x) => x !== id);
}

/** Ascending customerid order of fan-outs (§2.3): code-unit order, which is numeric order for equal-length ids. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
