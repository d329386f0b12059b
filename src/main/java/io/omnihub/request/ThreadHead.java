package io.omnihub.request;

import java.util.UUID;

/**
 * A channel thread's newest request as {@link RequestService#lockThread} read it with the thread's lock, not in the
 * session; none for a new thread.
 */
public final class ThreadHead {

    private final Request latest;

    /** The head, and what the read that followed the thread's lock in its statement answered. */
    public record Locked<T>(ThreadHead head, T read) {
    }

    ThreadHead(Request latest) {
        this.latest = latest;
    }

    /** The customer whose conversation the thread is, or null for a new thread. */
    public UUID owner() {
        return latest == null ? null : latest.customerId;
    }

    /** The thread's newest request, or null for a new thread. */
    public UUID latestRequest() {
        return latest == null ? null : latest.id;
    }

    Request latest() {
        return latest;
    }
}
