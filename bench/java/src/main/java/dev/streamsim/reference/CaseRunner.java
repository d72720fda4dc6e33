package dev.streamsim.reference;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.apache.kafka.streams.test.TestRecord;

/** Runs one manifest case: one workload in a fresh TopologyTestDriver over one input file. */
public final class CaseRunner {

    /** What the stdout line reports. nanos covers piping and reading output topics only. */
    public record Result(long records, long outputs, long nanos) {
    }

    private static final long DRAIN_EVERY = 4096;

    private final boolean inMemoryStores;

    public CaseRunner(final boolean inMemoryStores) {
        this.inMemoryStores = inMemoryStores;
    }

    public Result run(final Workload workload, final Path input, final Path output) throws IOException {
        final StreamsBuilder builder = new StreamsBuilder();
        workload.topology().accept(builder);
        final Topology topology = builder.build();
        final Path stateDir = Files.createTempDirectory("streamsim-reference-");
        try (Ndjson.Reader reader = new Ndjson.Reader(input);
             Ndjson.OutputWriter writer = new Ndjson.OutputWriter(output)) {
            Ndjson.InputRecord first = reader.next();
            // A fixed mocked wall clock (never advanced): nothing in these topologies punctuates on wall-clock time.
            final long wallClock = first == null ? 0L : first.timestamp();
            try (TopologyTestDriver driver = new TopologyTestDriver(topology, config(workload, stateDir),
                    Instant.ofEpochMilli(wallClock))) {
                return pipe(workload, driver, reader, first, writer);
            }
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private Result pipe(final Workload workload, final TopologyTestDriver driver, final Ndjson.Reader reader,
                        final Ndjson.InputRecord first, final Ndjson.OutputWriter writer) throws IOException {
        final Map<String, TestInputTopic<String, JsonNode>> inputs = new HashMap<>();
        final JsonNodeSerde json = new JsonNodeSerde();
        for (final String topic : workload.inputTopics()) {
            inputs.put(topic, driver.createInputTopic(topic, new StringSerializer(), json));
        }
        final List<Workload.OutputTopic> outputSpecs = workload.outputTopics();
        final List<TestOutputTopic<?, ?>> outputs = new ArrayList<>();
        for (final Workload.OutputTopic o : outputSpecs) {
            outputs.add(driver.createOutputTopic(o.name(), o.keys(), o.values()));
        }
        final List<List<? extends TestRecord<?, ?>>> produced = new ArrayList<>(outputs.size());
        long records = 0;
        long outputCount = 0;
        long nanos = 0;
        for (Ndjson.InputRecord r = first; r != null; r = reader.next()) {
            final TestInputTopic<String, JsonNode> in = inputs.get(r.topic());
            if (in == null) {
                throw reader.fail("workload " + workload.name() + " has no input topic \"" + r.topic()
                    + "\" (its inputs: " + String.join(", ", workload.inputTopics()) + ")");
            }
            produced.clear();
            final long start = System.nanoTime();
            in.pipeInput(r.key(), r.value(), r.timestamp());
            for (final TestOutputTopic<?, ?> out : outputs) {
                produced.add(out.readRecordsToList());
            }
            nanos += System.nanoTime() - start;
            records++;
            if (records % DRAIN_EVERY == 0) {
                drainInternalTopics(driver, outputSpecs);
            }
            // Writing is outside the timed span: the contract times piping and reading only.
            for (int i = 0; i < produced.size(); i++) {
                final String topic = outputSpecs.get(i).name();
                for (final TestRecord<?, ?> rec : produced.get(i)) {
                    writer.write(topic, rec);
                    outputCount++;
                }
            }
        }
        return new Result(records, outputCount, nanos);
    }

    /**
     * TopologyTestDriver keeps every record produced to a topic nobody reads (changelogs, repartition topics) in
     * memory; this drops them now and then, outside the timed span, so memory follows state and not input size.
     */
    private static void drainInternalTopics(final TopologyTestDriver driver, final List<Workload.OutputTopic> outputs) {
        final Set<String> skip = new HashSet<>();
        for (final Workload.OutputTopic o : outputs) {
            skip.add(o.name());
        }
        final ByteArrayDeserializer bytes = new ByteArrayDeserializer();
        for (final String topic : driver.producedTopicNames()) {
            if (!skip.contains(topic)) {
                final TestOutputTopic<byte[], byte[]> t = driver.createOutputTopic(topic, bytes, bytes);
                while (!t.isEmpty()) {
                    t.readRecord();
                }
            }
        }
    }

    private Properties config(final Workload workload, final Path stateDir) {
        final Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamsim-reference-" + workload.name());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        // No record cache: every update is forwarded, like streamsim's TestDriver default.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, JsonNodeSerde.class);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (inMemoryStores) {
            p.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG, BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
        }
        return p;
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
