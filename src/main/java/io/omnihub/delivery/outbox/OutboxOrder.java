package io.omnihub.delivery.outbox;

import java.util.List;

import io.omnihub.platform.OutboxEntry;

/**
 * Order per key (a request's replies, a customer's events) across any number of replicas: a claimed entry may be
 * sent only when every older pending entry with its key is claimed by the same batch too, and goes before it. An
 * older entry another replica holds, one waiting for its time (quiet hours, a retry's backoff) or for a held topic
 * holds back every newer entry with its key; within a batch, an entry whose preparation fails holds back the newer
 * ones with its key ({@link OutboxSends}), but one that Kafka refuses for its own reason (too large) does not: the
 * newer ones went with it, and it is tried again after them. The claim applies the rule in its own statement
 * ({@link OutboxEntries#claim}), so the order costs no statement, and an entry held back is neither marked nor
 * answered. The rule is written for the claim's statement, where {@code c} names the locked set.
 */
final class OutboxOrder {

    /**
     * The rule, as a condition on an entry {@code c} of the locked set {@code c}: no older entry with its key is
     * pending outside that set. (Within the set, an older entry with the key passes it too, so it goes first.)
     */
    static final String MAY_GO = "NOT EXISTS (" + olderPending("o", "c") + " AND o.id NOT IN (SELECT id FROM c))";

    /**
     * The rule's part that the lock can apply, as a condition on an entry {@code p} before it takes a slot of the
     * batch: no older pending entry with its key waits for its time or for a held topic ({@code ?1} is the claim's
     * now, {@code ?3} the held topics' array). Such an entry would be held back whatever else the batch locked, so it is not
     * locked at all, and a key with a long queue behind a waiting entry cannot fill the batch's slots. What another
     * replica holds cannot be told before locking; {@link #MAY_GO} holds back what is behind it.
     */
    static String notBehindAWaitingEntry(boolean heldTopics) {
        return "NOT EXISTS (" + olderPending("w", "p") + " AND (w.available_at > ?1"
                + (heldTopics ? " OR w.topic = ANY(?3)))" : "))");
    }

    /** The older pending entries {@code older} with the key of the entry {@code entry}, as a subquery's start. */
    private static String olderPending(String older, String entry) {
        return "SELECT 1 FROM outbox " + older + " WHERE " + older + ".message_key = " + entry + ".message_key AND "
                + older + ".published_at IS NULL AND " + older + ".dead_at IS NULL AND " + older + ".id < " + entry
                + ".id";
    }

    private OutboxOrder() {
    }

    /**
     * What a claim took: the entries that may go now, in id order, marked published; and how many due entries it
     * locked, those held back included (a full batch means more may be due), or 0 when none may go (nothing to run
     * again for at once).
     */
    record Claim(List<OutboxEntry> entries, long locked) {
    }
}
