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

    /** Pending: neither published nor dead, as the partial indexes over the pending entries say it. */
    static final String PENDING = "published_at IS NULL AND dead_at IS NULL";

    /**
     * The waiting entries {@code w}: pending, but due later (quiet hours, a retry's backoff) or for a held topic
     * ({@code ?1} is the claim's now, {@code ?3} the held topics' array): usually none. A step of the claim's
     * statement of its own, read once (through the index by due time, or, when the statistics predate a backlog, one
     * pass over the pending entries).
     */
    static String waiting(boolean heldTopics) {
        return "w AS MATERIALIZED (SELECT id, message_key FROM outbox WHERE " + PENDING + " AND (available_at > ?1"
                + (heldTopics ? " OR topic = ANY(?3)" : "") + "))";
    }

    /**
     * The rule's part that the lock can apply, as a condition on an entry {@code p} before it takes a slot of the
     * batch: no older entry with its key waits ({@link #waiting}). Such an entry would be held back whatever else the
     * batch locked, so it is not locked at all, and a key with a long queue behind a waiting entry cannot fill the
     * batch's slots. What another replica holds cannot be told before locking; {@link #MAY_GO} holds back what is
     * behind it.
     */
    static final String NOT_BEHIND_A_WAITING_ENTRY = "NOT EXISTS (SELECT 1 FROM w WHERE w.message_key = p.message_key"
            + " AND w.id < p.id)";

    /**
     * The entries {@code s} the lock passed over: pending, older than the newest it locked ({@code c}), and not locked
     * by it (another replica's, waiting ones, those behind a waiting one). Read once, as a range of the index over
     * the pending entries that holds the batch and these only; every older pending entry outside the batch is one.
     */
    static final String SKIPPED = "s AS MATERIALIZED (SELECT id, message_key FROM outbox WHERE " + PENDING
            + " AND id <= (SELECT id FROM c ORDER BY id DESC LIMIT 1) AND id NOT IN (SELECT id FROM c))";

    /**
     * The rule, as a condition on an entry {@code c} of the locked set: no older entry with its key was passed over
     * ({@link #SKIPPED}). (Within the set, an older entry with the key passes it too, so it goes first.)
     * <p>
     * Both checks read sets computed once, never the pending entries once per entry of the batch: written as
     * {@code NOT EXISTS} over the table itself, PostgreSQL chose that whenever its statistics predated a backlog (they
     * said almost nothing was pending), and a claim took 3 s over 25,000 pending entries (the benchmark's replies at
     * 500/s, 6 December), until the table was analysed again.
     */
    static final String MAY_GO = "NOT EXISTS (SELECT 1 FROM s WHERE s.message_key = c.message_key AND s.id < c.id)";

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
