package io.omnihub.delivery.outbox;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.omnihub.platform.OutboxEntry;
import io.smallrye.mutiny.Uni;

/**
 * Order per key (a request's replies, a customer's events) across any number of replicas: a claimed entry may be
 * sent only when every older pending entry with its key is claimed by this batch too and goes before it. An older
 * entry another replica holds, one waiting for its time (quiet hours, a retry's backoff) or one that failed in this
 * batch holds back every newer entry with its key.
 */
final class OutboxOrder {

    private OutboxOrder() {
    }

    /** The claimed entries (in id order) that may go now, in id order. */
    static Uni<List<OutboxEntry>> sendable(List<OutboxEntry> claimed, OutboxEntries entries) {
        if (claimed.isEmpty()) {
            return Uni.createFrom().item(claimed);
        }
        List<String> keys = claimed.stream().map(e -> e.messageKey).distinct().toList();
        UUID newest = claimed.get(claimed.size() - 1).id;
        return entries.pendingWith(keys, newest).map(pending -> heads(claimed, pending));
    }

    static List<OutboxEntry> heads(List<OutboxEntry> claimed, List<Object[]> pending) {
        Set<UUID> mine = new HashSet<>();
        claimed.forEach(e -> mine.add(e.id));
        Map<String, Boolean> open = new HashMap<>();
        Set<UUID> free = new HashSet<>();
        for (Object[] row : pending) {
            String key = (String) row[0];
            UUID id = (UUID) row[1];
            boolean stillOpen = open.getOrDefault(key, true) && mine.contains(id);
            open.put(key, stillOpen);
            if (stillOpen) {
                free.add(id);
            }
        }
        List<OutboxEntry> result = new ArrayList<>();
        for (OutboxEntry e : claimed) {
            if (free.contains(e.id)) {
                result.add(e);
            }
        }
        return result;
    }
}
