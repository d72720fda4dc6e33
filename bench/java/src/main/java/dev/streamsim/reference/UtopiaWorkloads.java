package dev.streamsim.reference;

import static dev.streamsim.reference.CoreWorkloads.JSON;
import static dev.streamsim.reference.CoreWorkloads.STRING;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Workloads 9 and 10: the two Utopia workshop samples, ported from streamsim's
 * src/scenarios/utopia/top-customer-artists.ts, purchase-event-ticket.ts and stable-counter-map.ts
 * (same topic names, keys, value shapes, store names and processor logic).
 */
public final class UtopiaWorkloads {
    // src/scenarios/utopia/schemas.ts
    static final String TOPIC_STREAMS = "data-demo-streams";
    static final String TOPIC_TICKETS = "data-demo-tickets";
    static final String TOPIC_EVENTS = "data-demo-events";
    // top-customer-artists.ts, purchase-event-ticket.ts
    static final String TOP_CUSTOMER_ARTISTS_OUTPUT = "kafka-workshop-top-10-stream-count";
    static final String PURCHASE_EVENT_TICKET_OUTPUT = "kafka-workshop-ticket-response";

    private UtopiaWorkloads() {
    }

    static List<Workload> all() {
        return List.of(
            new Workload("utopia-top-customer-artists", List.of(TOPIC_STREAMS),
                List.of(Workload.OutputTopic.json(TOP_CUSTOMER_ARTISTS_OUTPUT)), UtopiaWorkloads::topCustomerArtists),
            new Workload("utopia-purchase-event-ticket", List.of(TOPIC_EVENTS, TOPIC_TICKETS),
                List.of(Workload.OutputTopic.json(PURCHASE_EVENT_TICKET_OUTPUT)), UtopiaWorkloads::purchaseEventTicket));
    }

    /**
     * TopCustomerArtists: each customer's top 3 streamed artists, one output per stream, as an ordered list of
     * [artistId, count]. groupBy re-keys by customer, so Kafka repartitions here (as the TS comment says).
     */
    private static void topCustomerArtists(final StreamsBuilder b) {
        b.stream(TOPIC_STREAMS, Consumed.with(STRING, JSON))
            .groupBy((streamId, stream) -> Json.text(stream, "customerid"), Grouped.with(STRING, JSON))
            .aggregate(
                () -> (JsonNode) JsonNodeFactory.instance.arrayNode(),
                (customerId, stream, counts) -> increment(counts, Json.text(stream, "artistid")),
                Materialized.<String, JsonNode, KeyValueStore<Bytes, byte[]>>as("customer-artist-stream-counts")
                    .withKeySerde(STRING).withValueSerde(JSON))
            .toStream()
            .mapValues(counts -> counts == null ? null : top(counts, 3))
            .to(TOP_CUSTOMER_ARTISTS_OUTPUT, Produced.with(STRING, JSON));
    }

    /**
     * stable-counter-map.ts increment: +1 for the id (appended with 1 if new), then a stable sort by count
     * descending, so an id that reaches a tied count later stays behind. List.sort is stable (TimSort), like
     * Array.prototype.sort.
     */
    static JsonNode increment(final JsonNode entries, final String id) {
        final List<Object[]> next = new ArrayList<>();
        boolean found = false;
        for (final JsonNode e : entries) {
            final String k = e.get(0).asText();
            long n = e.get(1).asLong();
            if (!found && k.equals(id)) {
                n += 1;
                found = true;
            }
            next.add(new Object[] {k, n});
        }
        if (!found) {
            next.add(new Object[] {id, 1L});
        }
        next.sort((a, c) -> Long.compare((Long) c[1], (Long) a[1]));
        final ArrayNode out = JsonNodeFactory.instance.arrayNode(next.size());
        for (final Object[] e : next) {
            out.addArray().add((String) e[0]).add((Long) e[1]);
        }
        return out;
    }

    /** stable-counter-map.ts top: the first n entries. */
    static JsonNode top(final JsonNode entries, final int n) {
        final ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < Math.min(n, entries.size()); i++) {
            out.add(entries.get(i));
        }
        return out;
    }

    /**
     * PurchaseEventTicket: tickets re-keyed by event, inner-joined to the events table, counted per event; each
     * ticket is CONFIRMED while remaining >= 0 after its decrement, else REJECTED. confirmationId =
     * eventid:requested (streamsim's deterministic replacement for the workshop's random UUID).
     */
    private static void purchaseEventTicket(final StreamsBuilder b) {
        final KTable<String, JsonNode> events = b.table(TOPIC_EVENTS, Consumed.with(STRING, JSON),
            Materialized.<String, JsonNode, KeyValueStore<Bytes, byte[]>>as("events")
                .withKeySerde(STRING).withValueSerde(JSON));

        final KStream<String, JsonNode> statuses = b.stream(TOPIC_TICKETS, Consumed.with(STRING, JSON))
            .selectKey((ticketId, ticket) -> Json.text(ticket, "eventid"), Named.as("rekey-by-eventid"))
            .join(events, (ticket, event) -> {
                final ObjectNode joined = Json.object();
                joined.set("ticket", ticket);
                joined.set("event", event);
                return (JsonNode) joined;
            }, Joined.with(STRING, JSON, JSON))
            .groupByKey(Grouped.with(STRING, JSON))
            .aggregate(
                () -> null,
                (eventId, joined, status) -> nextStatus(joined.get("ticket"), joined.get("event"), status),
                Materialized.<String, JsonNode, KeyValueStore<Bytes, byte[]>>as("event-status-table")
                    .withKeySerde(STRING).withValueSerde(JSON))
            .toStream();

        statuses
            .split()
            .branch((eventId, s) -> s != null && s.get("remaining").asLong() < 0,
                Branched.withConsumer(sold -> sold.mapValues(s -> respond("REJECTED", s))
                    .to(PURCHASE_EVENT_TICKET_OUTPUT, Produced.with(STRING, JSON))))
            .branch((eventId, s) -> s != null,
                Branched.withConsumer(ok -> ok.mapValues(s -> respond("CONFIRMED", s))
                    .to(PURCHASE_EVENT_TICKET_OUTPUT, Produced.with(STRING, JSON))))
            .noDefaultBranch();
    }

    /** The first joined ticket sets remaining = capacity; later event updates do not reset it (base.event stays). */
    static JsonNode nextStatus(final JsonNode ticket, final JsonNode event, final JsonNode status) {
        final JsonNode baseEvent = status == null ? event : status.get("event");
        final long requested = status == null ? 0L : status.get("requested").asLong();
        final long remaining = status == null ? event.get("capacity").asLong() : status.get("remaining").asLong();
        final ObjectNode next = Json.object();
        next.set("event", baseEvent);
        next.put("requested", requested + 1);
        next.put("remaining", remaining - 1);
        next.set("currentTicketRequest", ticket);
        return next;
    }

    static JsonNode respond(final String confirmationStatus, final JsonNode s) {
        final ObjectNode out = Json.object();
        out.put("confirmationStatus", confirmationStatus);
        out.put("confirmationId", s.get("event").get("id").asText() + ":" + s.get("requested").asLong());
        out.set("ticketRequest", s.get("currentTicketRequest"));
        out.set("event", s.get("event"));
        out.put("remainingTickets", s.get("remaining").asLong());
        return out;
    }
}
