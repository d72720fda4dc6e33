package dev.streamsim.reference;

import static dev.streamsim.reference.CoreWorkloads.JSON;
import static dev.streamsim.reference.CoreWorkloads.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;

/**
 * Workload 11: the bookstore pipeline. Purchases are re-keyed by bookId and joined to the books table
 * (a repartition with Kafka's default names), then written as enriched purchases, filtered to big purchases,
 * and counted per category in 60 s tumbling windows (grace 10 s; groupBy repartitions again).
 */
public final class BookstoreWorkload {
    private static final long WINDOW_SIZE_MS = 60_000L;
    private static final long BIG_PURCHASE_ABOVE = 4000L;

    private BookstoreWorkload() {
    }

    static Workload workload() {
        return new Workload("bookstore-pipeline", List.of("books", "purchases"),
            List.of(Workload.OutputTopic.json("enriched-purchases"), Workload.OutputTopic.json("big-purchases"),
                Workload.OutputTopic.timeWindowedLongs("category-counts", WINDOW_SIZE_MS)),
            BookstoreWorkload::build);
    }

    private static void build(final StreamsBuilder b) {
        final KTable<String, JsonNode> books = b.table("books", Consumed.with(STRING, JSON));
        final KStream<String, JsonNode> enriched = b.stream("purchases", Consumed.with(STRING, JSON))
            .selectKey((purchaseId, p) -> Json.text(p, "bookId"))
            .join(books, BookstoreWorkload::enrich, Joined.with(STRING, JSON, JSON));

        enriched.to("enriched-purchases", Produced.with(STRING, JSON));
        enriched.filter((bookId, v) -> isBig(v)).to("big-purchases", Produced.with(STRING, JSON));
        enriched
            .groupBy((bookId, v) -> Json.text(v, "category"), Grouped.with(STRING, JSON))
            .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMillis(WINDOW_SIZE_MS), Duration.ofSeconds(10)))
            .count()
            .toStream()
            .to("category-counts", CoreWorkloads.timeWindowedLongs(WINDOW_SIZE_MS));
    }

    /** {"purchaseId","customerId","bookId","category": b.category,"totalAmount"}, in the contract's field order. */
    private static JsonNode enrich(final JsonNode p, final JsonNode book) {
        final ObjectNode out = Json.object();
        Json.copy(out, "purchaseId", p);
        Json.copy(out, "customerId", p);
        Json.copy(out, "bookId", p);
        Json.copy(out, "category", book);
        Json.copy(out, "totalAmount", p);
        return out;
    }

    private static boolean isBig(final JsonNode v) {
        final JsonNode amount = v == null ? null : v.get("totalAmount");
        return amount != null && amount.isNumber() && amount.doubleValue() > BIG_PURCHASE_ABOVE;
    }
}
