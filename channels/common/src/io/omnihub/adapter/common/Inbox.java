package io.omnihub.adapter.common;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;


/**
 * The customer inbox of the web site, the app and the offices: replies land here, by address (the thread, or the
 * visitor, user or card id), and the channel's front end reads them. Erasure empties a customer's entries.
 */
public class Inbox {

    /** One reply in an inbox. */
    public record Entry(String messageId, String customerId, String text, Instant deliveredAt) {
    }

    private final Map<String, List<Entry>> byAddress = new ConcurrentHashMap<>();

    public String put(ReplyCommand reply) {
        String address = reply.to().value();
        String messageId = reply.messageId();
        List<Entry> entries = byAddress.computeIfAbsent(address, a -> new CopyOnWriteArrayList<>());
        synchronized (entries) {
            // a retry of a reply whose first delivery half-failed (the app's push, say) lands only once
            if (entries.stream().noneMatch(e -> e.messageId().equals(messageId))) {
                entries.add(new Entry(messageId, reply.customerId(), reply.text(), Instant.now()));
            }
        }
        return null;
    }

    public List<Entry> read(String address) {
        return List.copyOf(byAddress.getOrDefault(address, List.of()));
    }

    public int size() {
        return byAddress.values().stream().mapToInt(List::size).sum();
    }

    public void erase(String customerId) {
        byAddress.values().forEach(entries -> entries.removeIf(e -> e.customerId().equals(customerId)));
    }
}
