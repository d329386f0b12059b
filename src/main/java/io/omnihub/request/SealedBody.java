package io.omnihub.request;

import java.time.Instant;
import java.util.UUID;

/**
 * A message's text as other features read it: still sealed with the customer's key, empty once the customer was
 * erased. A copy: only {@code request} writes messages.
 */
public record SealedBody(UUID messageId, UUID requestId, byte[] bodyEnc, Instant createdAt) {

    static SealedBody of(Message m) {
        return m == null ? null : new SealedBody(m.id, m.requestId, m.bodyEnc, m.createdAt);
    }

    /** Whether the text is gone: its customer was erased. */
    public boolean erased() {
        return bodyEnc == null || bodyEnc.length == 0;
    }
}
