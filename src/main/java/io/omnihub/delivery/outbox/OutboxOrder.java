package io.omnihub.delivery.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.omnihub.platform.OutboxEntry;

/**
 * Order per key (a request's replies, a customer's events) across any number of replicas: a claimed entry may be
 * sent only when every older pending entry with its key is claimed by this batch too and goes before it. An older
 * entry another replica holds, one waiting for its time (quiet hours, a retry's backoff) or one that failed in this
 * batch holds back every newer entry with its key. The claim counts each entry's older pending entries in the same
 * statement ({@link OutboxEntries#claim}), so the order costs no statement of its own.
 */
final class OutboxOrder {

    private OutboxOrder() {
    }

    /** A claimed entry, and how many entries with its key and an older id were pending when it was claimed. */
    record Claimed(OutboxEntry entry, long olderPending) {
    }

    /**
     * The claimed entries (in id order) that may go now, in id order: those whose older pending entries are all
     * claimed here, before them.
     */
    static List<OutboxEntry> heads(List<Claimed> claimed) {
        Map<String, Long> claimedBefore = new HashMap<>();
        Map<String, Boolean> open = new HashMap<>();
        List<OutboxEntry> result = new ArrayList<>();
        for (Claimed c : claimed) {
            String key = c.entry().messageKey;
            long mine = claimedBefore.getOrDefault(key, 0L);
            boolean free = open.getOrDefault(key, true) && c.olderPending() == mine;
            open.put(key, free);
            claimedBefore.put(key, mine + 1);
            if (free) {
                result.add(c.entry());
            }
        }
        return result;
    }
}
