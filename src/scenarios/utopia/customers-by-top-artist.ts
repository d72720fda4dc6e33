import { Named, type StreamsBuilder } from '../../streams/index.js';
import { addKeyValueStore } from '../common/index.js';
import { insertSorted, processorOf, removeId } from './processor-kit.js';
import { sourceStream } from './sources.js';
import { TOPIC_STREAMS, type Stream } from './schemas.js';
import { increment, type CounterEntries } from './stable-counter-map.js';

/** U3 (MOST STREAMED, bonus). */
export const CUSTOMERS_BY_TOP_ARTIST_OUTPUT = 'kafka-workshop-customers-by-top-artist';

/** A customer joining (`add`) or leaving an artist's list, keyed by that artist. */
interface ListChange {
  readonly customerid: string;
  readonly add: boolean;
}

/**
 * SCENARIOS.md U3. Stage 1, keyed by customer: the customer's stable counter map (as U1) and its top1; when a
 * stream changes top1 from A to B it sends "remove c" keyed A, then "add c" keyed B (a first stream: only the add).
 * Stage 2, keyed by artist: the sorted customer list, emitted after each change (a tombstone once empty).
 */
export function customersByTopArtist(builder: StreamsBuilder): void {
  const countsStore = addKeyValueStore(builder, 'customer-artist-counts');
  const listsStore = addKeyValueStore(builder, 'top-artist-customer-lists');
  sourceStream<string | null, Stream>(builder, TOPIC_STREAMS)
    .selectKey((_streamId, stream) => stream.customerid, Named.as('streams-by-customerid'))
    .repartition({ name: 'streams-by-customer' })
    .process<string, ListChange>(
      processorOf<string, Stream, string, ListChange>((r, t) => {
        const store = t.store<string, CounterEntries>(countsStore);
        const before = store.get(r.key) ?? [];
        const after = increment(before, r.value.artistid);
        store.put(r.key, after);
        const from = before[0]?.[0];
        const to = after[0]![0];
        if (from === to) return;
        if (from !== undefined) t.emit(from, { customerid: r.key, add: false });
        t.emit(to, { customerid: r.key, add: true });
      }),
      countsStore,
    )
    .repartition({ name: 'top1-changes-by-artist' })
    .process<string, readonly string[] | null>(
      processorOf<string, ListChange, string, readonly string[] | null>((r, t) => {
        const store = t.store<string, readonly string[]>(listsStore);
        const before = store.get(r.key) ?? [];
        const after = r.value.add ? insertSorted(before, r.value.customerid) : removeId(before, r.value.customerid);
        store.put(r.key, after.length === 0 ? null : after);
        t.emit(r.key, after.length === 0 ? null : after);
      }),
      listsStore,
    )
    .to(CUSTOMERS_BY_TOP_ARTIST_OUTPUT);
}
