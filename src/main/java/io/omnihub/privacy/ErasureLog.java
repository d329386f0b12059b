package io.omnihub.privacy;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.platform.Outbox;
import io.smallrye.mutiny.Uni;

/**
 * The erasure log: every erasure, also kept outside the database, on the compacted Kafka topic
 * {@value Outbox#ERASURES_TOPIC} (kept forever, keyed by customer id), so that a restored backup older than an erasure
 * cannot bring the customer's data back ({@link ErasureLogConsumer}). Each record is the destruction act without
 * personal data: ids, categories, counts, times and the legal basis; of who asked only the kind ({@code user},
 * {@code adapter}, {@code customer}), and the act's log extract without its actors. It is written through the outbox
 * in the erasure's own transaction, so it is never lost and never published for an erasure that rolled back.
 */
@ApplicationScoped
class ErasureLog {

    /** The CloudEvents type of a record of the erasure log. */
    static final String TYPE = "customer.erasure-logged";

    private final Outbox outbox;

    ErasureLog(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Records the act in the erasure log, in the caller's transaction. */
    Uni<Void> record(JsonNode act) {
        UUID customerId = UUID.fromString(act.get("subject").get("customerId").asText());
        return outbox.record(Outbox.ERASURES_TOPIC, customerId.toString(), TYPE, "customer", customerId, entry(act),
                java.time.Instant.parse(act.get("destroyedAt").asText())).replaceWithVoid();
    }

    /** The act as the log keeps it: without the names of the people who asked for it or appear in its log extract. */
    static ObjectNode entry(JsonNode act) {
        ObjectNode entry = act.deepCopy();
        String by = act.path("requestedBy").asText("");
        entry.put("requestedBy", by.contains(":") ? by.substring(0, by.indexOf(':')) : by);
        entry.withArray("logExtract").forEach(line -> ((ObjectNode) line).remove("actor"));
        return entry;
    }
}
