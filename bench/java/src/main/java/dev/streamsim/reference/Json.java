package dev.streamsim.reference;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The one Jackson mapper and small JsonNode helpers shared by the serde, the NDJSON I/O and the workloads. */
public final class Json {
    /**
     * Fast double writer: shortest round-trip digits (Schubfach), closer to JavaScript's Number#toString
     * than JDK 17's Double.toString. All contract values are integers; this only matters for Utopia prices.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper(
        JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build());

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** A JSON array of the values, Java nulls as JSON null (the joiners' [a, b]). */
    public static ArrayNode array(final JsonNode... values) {
        final ArrayNode out = NODES.arrayNode(values.length);
        for (final JsonNode v : values) {
            out.add(v == null ? NODES.nullNode() : v);
        }
        return out;
    }

    /** {@code value.field} as a string key, or null when the value or the field is missing or null. */
    public static String text(final JsonNode value, final String field) {
        if (value == null) {
            return null;
        }
        final JsonNode f = value.get(field);
        return f == null || f.isNull() ? null : f.asText();
    }

    /** Copies {@code from.field} into {@code to} when present (a JavaScript object literal omits undefined). */
    public static void copy(final ObjectNode to, final String field, final JsonNode from) {
        final JsonNode f = from == null ? null : from.get(field);
        if (f != null) {
            to.set(field, f);
        }
    }
}
