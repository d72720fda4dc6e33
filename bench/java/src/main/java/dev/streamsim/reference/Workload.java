package dev.streamsim.reference;

import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.SessionWindowedDeserializer;
import org.apache.kafka.streams.kstream.TimeWindowedDeserializer;

/**
 * One named workload of the issue 6 contract: the topics it reads, the topics it writes (in reading order) and
 * the Kafka Streams topology that connects them.
 */
public record Workload(String name, List<String> inputTopics, List<OutputTopic> outputTopics,
                       Consumer<StreamsBuilder> topology) {

    /**
     * An output topic with the deserializers that turn its bytes back into a key (String or Windowed&lt;String&gt;)
     * and a value (JsonNode or Long).
     */
    public record OutputTopic(String name, Deserializer<?> keys, Deserializer<?> values) {

        /** String keys, JSON values. */
        public static OutputTopic json(final String name) {
            return new OutputTopic(name, new StringDeserializer(), new JsonNodeSerde());
        }

        /** Time-windowed String keys (end = start + size, as TimeWindowedDeserializer computes it), Long values. */
        public static OutputTopic timeWindowedLongs(final String name, final long windowSizeMs) {
            return new OutputTopic(name, new TimeWindowedDeserializer<>(new StringDeserializer(), windowSizeMs),
                new LongDeserializer());
        }

        /** Session-windowed String keys (start and end both serialized), Long values. */
        public static OutputTopic sessionWindowedLongs(final String name) {
            return new OutputTopic(name, new SessionWindowedDeserializer<>(new StringDeserializer()),
                new LongDeserializer());
        }
    }
}
