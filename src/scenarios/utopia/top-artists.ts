import { Materialized, type StreamsBuilder } from '../../streams/index.js';
import { sourceStream } from './sources.js';
import { TOPIC_STREAMS, type Stream } from './schemas.js';
import { increment, top, type CounterEntries } from './stable-counter-map.js';

/** U2 (MOST STREAMED, goal 2). */
export const TOP_ARTISTS_OUTPUT = 'kafka-workshop-top-3-artists';
/** The single key of global results (U2, U7, U8, U10). */
export const GLOBAL_KEY = 'global';

/**
 * SCENARIOS.md U2: one global stable counter map over artistid; every stream emits `"global" → top(3)`, as the
 * same ordered [artistId, count] list U1 uses. Every stream is re-keyed to one key, so one task counts them all
 * whatever the partition count.
 */
export function topArtists(builder: StreamsBuilder): void {
  sourceStream<string | null, Stream>(builder, TOPIC_STREAMS)
    .groupBy(() => GLOBAL_KEY, { name: 'top-artists-global' })
    .aggregate<CounterEntries>(
      () => [],
      (_key, stream, counts) => increment(counts, stream.artistid),
      Materialized.as('global-artist-stream-counts'),
    )
    .toStream()
    .mapValues((counts) => (counts === null ? null : top(counts, 3)))
    .to(TOP_ARTISTS_OUTPUT);
}
