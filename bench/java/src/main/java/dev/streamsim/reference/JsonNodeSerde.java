package dev.streamsim.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Jackson JsonNode serde for every JSON value (contract: "Jackson JsonNode serdes on the Java side").
 * A Java null or a JSON null both serialize to null bytes, so a JSON null is a Kafka tombstone, and null
 * bytes deserialize back to a Java null. Public no-arg constructor: usable as default.value.serde.
 */
public final class JsonNodeSerde implements Serde<JsonNode>, Serializer<JsonNode>, Deserializer<JsonNode> {

    @Override
    public byte[] serialize(final String topic, final JsonNode data) {
        if (data == null || data.isNull()) {
            return null;
        }
        try {
            return Json.MAPPER.writeValueAsBytes(data);
        } catch (final IOException e) {
            throw new SerializationException("cannot serialize JSON for topic " + topic, e);
        }
    }

    @Override
    public JsonNode deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(data);
        } catch (final IOException e) {
            throw new SerializationException("cannot deserialize JSON from topic " + topic, e);
        }
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        // Nothing to configure: one JSON mapping for keys and values alike.
    }

    @Override
    public Serializer<JsonNode> serializer() {
        return this;
    }

    @Override
    public Deserializer<JsonNode> deserializer() {
        return this;
    }

    @Override
    public void close() {
        // Stateless: the shared mapper outlives every serde.
    }
}
