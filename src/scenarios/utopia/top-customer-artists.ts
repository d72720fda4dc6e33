import { Materialized, type StreamsBuilder } from '../../streams/index.js';
import { TOPIC_STREAMS, type Stream } from './schemas.js';
import { increment, top, type CounterEntries } from './stable-counter-map.js';

/** Output topic of the workshop sample (kept from the original; SCENARIOS.md U1). */
export const TOP_CUSTOMER_ARTISTS_OUTPUT = 'kafka-workshop-top-10-stream-count';

/**
 * The workshop's TopCustomerArtists sample: each customer's top 3 streamed artists, one output per stream,
 * as an ordered list of [artistId, count].
 */
export function topCustomerArtists(builder: StreamsBuilder): void {
  builder
    .stream<string | null, Stream>(TOPIC_STREAMS)
    // Re-key by customer: groupBy is selectKey + groupByKey, so this repartitions.
    .groupBy((_streamId, stream) => stream.customerid)
    .aggregate<CounterEntries>(
      () => [],
      (_customerId, stream, counts) => increment(counts, stream.artistid),
      Materialized.as('customer-artist-stream-counts'),
    )
    .toStream()
    .mapValues((counts) => (counts === null ? null : top(counts, 3)))
    .to(TOP_CUSTOMER_ARTISTS_OUTPUT);
}
