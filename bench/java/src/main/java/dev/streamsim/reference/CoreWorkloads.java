package dev.streamsim.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.kstream.WindowedSerdes;
import org.apache.kafka.streams.state.WindowStore;

/** Workloads 1 to 8 of the issue 6 contract: the windowing, join and suppress topologies on topic "input" etc. */
public final class CoreWorkloads {
    static final Serde<String> STRING = Serdes.String();
    static final Serde<JsonNode> JSON = new JsonNodeSerde();
    static final Serde<Long> LONG = Serdes.Long();

    private static final long TUMBLING_SIZE_MS = 30_000L;
    private static final TimeWindows TUMBLING = TimeWindows.ofSizeAndGrace(Duration.ofSeconds(30), Duration.ofSeconds(5));
    private static final long HOPPING_SIZE_MS = 60_000L;
    private static final TimeWindows HOPPING = TimeWindows.ofSizeAndGrace(Duration.ofSeconds(60), Duration.ofSeconds(10))
        .advanceBy(Duration.ofSeconds(20));
    private static final SessionWindows SESSIONS =
        SessionWindows.ofInactivityGapAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5));
    private static final JoinWindows JOIN_WINDOWS =
        JoinWindows.ofTimeDifferenceAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(5));

    private CoreWorkloads() {
    }

    static List<Workload> all() {
        return List.of(
            new Workload("windowed-count", List.of("input"),
                List.of(Workload.OutputTopic.timeWindowedLongs("output", TUMBLING_SIZE_MS)), CoreWorkloads::windowedCount),
            new Workload("hopping-aggregate", List.of("input"),
                List.of(Workload.OutputTopic.timeWindowedLongs("output", HOPPING_SIZE_MS)), CoreWorkloads::hoppingAggregate),
            new Workload("session-count", List.of("input"),
                List.of(Workload.OutputTopic.sessionWindowedLongs("output")), CoreWorkloads::sessionCount),
            new Workload("stream-table-join", List.of("table", "input"),
                List.of(Workload.OutputTopic.json("output"), Workload.OutputTopic.json("output-left")),
                CoreWorkloads::streamTableJoin),
            new Workload("stream-stream-join-inner", List.of("left", "right"),
                List.of(Workload.OutputTopic.json("output")), b -> streamStreamJoin(b, false)),
            new Workload("stream-stream-join-left", List.of("left", "right"),
                List.of(Workload.OutputTopic.json("output")), b -> streamStreamJoin(b, true)),
            new Workload("table-table-join", List.of("left", "right"),
                List.of(Workload.OutputTopic.json("output"), Workload.OutputTopic.json("output-left")),
                CoreWorkloads::tableTableJoin),
            new Workload("suppress-window-count", List.of("input"),
                List.of(Workload.OutputTopic.timeWindowedLongs("output", TUMBLING_SIZE_MS)), CoreWorkloads::suppressWindowCount));
    }

    private static KGroupedStream<String, JsonNode> groupedInput(final StreamsBuilder b) {
        return b.stream("input", Consumed.with(STRING, JSON)).groupByKey(Grouped.with(STRING, JSON));
    }

    static Produced<Windowed<String>, Long> timeWindowedLongs(final long windowSizeMs) {
        return Produced.with(WindowedSerdes.timeWindowedSerdeFrom(String.class, windowSizeMs), LONG);
    }

    /** 1. Tumbling 30 s (grace 5 s) count per key; every update is emitted (no cache). */
    private static void windowedCount(final StreamsBuilder b) {
        groupedInput(b).windowedBy(TUMBLING).count().toStream().to("output", timeWindowedLongs(TUMBLING_SIZE_MS));
    }

    /**
     * 2. Hopping 60 s / advance 20 s (grace 10 s) sum of integer values. Kafka's KStreamWindowAggregate drops only
     * null keys, so a null value reaches the aggregator: it adds nothing, as JavaScript's {@code agg + null} does.
     */
    private static void hoppingAggregate(final StreamsBuilder b) {
        groupedInput(b)
            .windowedBy(HOPPING)
            .aggregate(() -> 0L, (k, v, agg) -> v == null || v.isNull() ? agg : agg + v.asLong(),
                Materialized.<String, Long, WindowStore<Bytes, byte[]>>with(STRING, LONG))
            .toStream()
            .to("output", timeWindowedLongs(HOPPING_SIZE_MS));
    }

    /** 3. Session count, gap 10 s, grace 5 s: a merge emits a tombstone for each merged-away session. */
    private static void sessionCount(final StreamsBuilder b) {
        groupedInput(b).windowedBy(SESSIONS).count().toStream()
            .to("output", Produced.with(WindowedSerdes.sessionWindowedSerdeFrom(String.class), LONG));
    }

    /** 4. Stream-table inner and left join, value [streamValue, tableValue]. */
    private static void streamTableJoin(final StreamsBuilder b) {
        final KTable<String, JsonNode> table = b.table("table", Consumed.with(STRING, JSON));
        final KStream<String, JsonNode> input = b.stream("input", Consumed.with(STRING, JSON));
        final Joined<String, JsonNode, JsonNode> joined = Joined.with(STRING, JSON, JSON);
        input.join(table, (v, tv) -> (JsonNode) Json.array(v, tv), joined).to("output", Produced.with(STRING, JSON));
        input.leftJoin(table, (v, tv) -> (JsonNode) Json.array(v, tv), joined).to("output-left", Produced.with(STRING, JSON));
    }

    /**
     * 5 and 6. Stream-stream join, time difference 10 s, grace 5 s. The left join emits [a, null] only once the
     * window closes (Kafka >= 3.1); TopologyTestDriver already sets the wall-clock emit throttle to 0.
     */
    private static void streamStreamJoin(final StreamsBuilder b, final boolean leftJoin) {
        final KStream<String, JsonNode> left = b.stream("left", Consumed.with(STRING, JSON));
        final KStream<String, JsonNode> right = b.stream("right", Consumed.with(STRING, JSON));
        final StreamJoined<String, JsonNode, JsonNode> serdes = StreamJoined.with(STRING, JSON, JSON);
        final KStream<String, JsonNode> out = leftJoin
            ? left.leftJoin(right, (x, y) -> (JsonNode) Json.array(x, y), JOIN_WINDOWS, serdes)
            : left.join(right, (x, y) -> (JsonNode) Json.array(x, y), JOIN_WINDOWS, serdes);
        out.to("output", Produced.with(STRING, JSON));
    }

    /** 7. Table-table inner and left join, value [leftValue, rightValue]; deletes come out as tombstones. */
    private static void tableTableJoin(final StreamsBuilder b) {
        final KTable<String, JsonNode> left = b.table("left", Consumed.with(STRING, JSON));
        final KTable<String, JsonNode> right = b.table("right", Consumed.with(STRING, JSON));
        left.join(right, (x, y) -> (JsonNode) Json.array(x, y)).toStream().to("output", Produced.with(STRING, JSON));
        left.leftJoin(right, (x, y) -> (JsonNode) Json.array(x, y)).toStream()
            .to("output-left", Produced.with(STRING, JSON));
    }

    /** 8. The windowed count, suppressed until its window closes (end + grace): one final result per window. */
    private static void suppressWindowCount(final StreamsBuilder b) {
        groupedInput(b).windowedBy(TUMBLING).count()
            .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()))
            .toStream()
            .to("output", timeWindowedLongs(TUMBLING_SIZE_MS));
    }
}
