package io.omnihub.delivery.outbox;

import java.util.List;

import io.omnihub.platform.OutboxEntry;
import io.smallrye.mutiny.Uni;

/**
 * What the relay asks of a feature whose outbox entries need work just before they are published; the relay itself
 * knows no topic. Replies are one ({@link ReplyPreparation}): their text never rests in the outbox, so each is checked
 * again against the customer's policy and assembled at the last moment. Every method runs in the relay's transaction.
 *
 * @param <T> what the preparation records once Kafka took an entry (for a reply: which attempt went out)
 */
public interface OutboxPreparation<T> {

    /** Whether the entry is this preparation's. */
    boolean handles(OutboxEntry entry);

    /** The CloudEvents id of such an entry, which consumers de-duplicate on. */
    String cloudEventId(OutboxEntry entry);

    /**
     * Prepares these entries of one batch, at once and in order: one result per entry. An entry's own failure is a
     * {@link Prepared.Failed}; a database outage fails the whole batch, which then waits.
     */
    Uni<List<Prepared<T>>> prepare(List<OutboxEntry> entries);

    /**
     * Kafka acknowledged these entries of the batch, every one this preparation prepared: records them in the relay's
     * transaction, once all of the batch's sends are done, with one statement for them all.
     */
    Uni<Void> published(List<Prepared.Send<T>> sent);

    /** The entry failed for its own reason too often and is dead: what follows for what it carried. */
    Uni<Void> dead(OutboxEntry entry);

    /** An admin requeued the dead entry: what it carried waits to go again. */
    Uni<Void> requeued(OutboxEntry entry);

    /** What became of one entry in preparation. */
    sealed interface Prepared<T> {

        OutboxEntry entry();

        /** To publish {@code payload}; {@code record} is what {@link #published} records once Kafka has it. */
        record Send<T>(OutboxEntry entry, String payload, T record) implements Prepared<T> {
        }

        /** Not to be sent any more ({@code why}: erased, held or re-routed since); the entry is done. */
        record Skip<T>(OutboxEntry entry, String why) implements Prepared<T> {
        }

        /** It failed for its own reason: charged an attempt, and later entries with its key wait. */
        record Failed<T>(OutboxEntry entry, Throwable cause) implements Prepared<T> {
        }
    }
}
