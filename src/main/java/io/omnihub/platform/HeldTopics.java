package io.omnihub.platform;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Topics the outbox relay must not publish to for now: topics that carry personal data (reply texts, addresses)
 * whose retention could not be verified to be below the erasure deadline. Their entries wait in the outbox, in
 * order, until the retention is verified.
 */
@ApplicationScoped
public class HeldTopics {

    private final Map<String, String> held = new ConcurrentHashMap<>();

    /** Holds a topic back, saying why (no personal data). */
    public void hold(String topic, String why) {
        held.put(topic, why);
    }

    public void release(String topic) {
        held.remove(topic);
    }

    public boolean isHeld(String topic) {
        return held.containsKey(topic);
    }

    /** The topics held back now. */
    public Set<String> topics() {
        return Set.copyOf(held.keySet());
    }
}
