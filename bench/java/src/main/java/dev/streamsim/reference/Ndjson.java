package dev.streamsim.reference;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.test.TestRecord;

/** The contract's NDJSON files: input records read one line at a time, output records written one per line. */
public final class Ndjson {

    /** One input line: {"topic","key","value","timestamp"}; a JSON null value is a Java null (a tombstone). */
    public record InputRecord(String topic, String key, JsonNode value, long timestamp) {
    }

    /** Streams input records from a file, so a 10^7-record input never sits in memory at once. */
    public static final class Reader implements Closeable {
        private final BufferedReader lines;
        private final Path path;
        private long lineNumber;

        public Reader(final Path path) throws IOException {
            this.path = path;
            this.lines = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        }

        /** The next record, or null at the end of the file; blank lines are skipped. */
        public InputRecord next() throws IOException {
            String line;
            do {
                line = lines.readLine();
                lineNumber++;
                if (line == null) {
                    return null;
                }
            } while (line.isBlank());
            final JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (final JsonProcessingException e) {
                throw fail("not JSON: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw fail("not a JSON object");
            }
            final JsonNode topic = node.get("topic");
            final JsonNode key = node.get("key");
            final JsonNode value = node.get("value");
            final JsonNode ts = node.get("timestamp");
            if (topic == null || !topic.isTextual()) {
                throw fail("\"topic\" must be a string");
            }
            if (key != null && !key.isNull() && !key.isTextual()) {
                throw fail("\"key\" must be a string or null");
            }
            if (ts == null || !ts.canConvertToExactIntegral() || !ts.canConvertToLong()) {
                throw fail("\"timestamp\" must be an integer");
            }
            return new InputRecord(topic.asText(), key == null || key.isNull() ? null : key.asText(),
                value == null || value.isNull() ? null : value, ts.longValue());
        }

        public IllegalArgumentException fail(final String why) {
            return new IllegalArgumentException(path + " line " + lineNumber + ": " + why);
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }

    /** Writes {"topic","key","window","value","timestamp"} lines, in that field order. */
    public static final class OutputWriter implements Closeable {
        private final JsonGenerator out;

        public OutputWriter(final Path path) throws IOException {
            final Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            this.out = Json.MAPPER.getFactory().createGenerator(w);
            this.out.setRootValueSeparator(null);
        }

        public void write(final String topic, final TestRecord<?, ?> r) throws IOException {
            out.writeStartObject();
            out.writeStringField("topic", topic);
            final Object key = r.key();
            if (key instanceof Windowed<?> windowed) {
                writeKey(windowed.key());
                final Window w = windowed.window();
                out.writeObjectFieldStart("window");
                out.writeNumberField("start", w.start());
                out.writeNumberField("end", w.end());
                out.writeEndObject();
            } else {
                writeKey(key);
                out.writeNullField("window");
            }
            out.writeFieldName("value");
            final Object value = r.value();
            if (value == null) {
                out.writeNull();
            } else if (value instanceof Long n) {
                out.writeTree(LongNode.valueOf(n));
            } else {
                out.writeTree((JsonNode) value);
            }
            out.writeNumberField("timestamp", r.timestamp());
            out.writeEndObject();
            out.writeRaw('\n');
        }

        private void writeKey(final Object key) throws IOException {
            if (key == null) {
                out.writeNullField("key");
            } else {
                out.writeStringField("key", (String) key);
            }
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    private Ndjson() {
    }
}
