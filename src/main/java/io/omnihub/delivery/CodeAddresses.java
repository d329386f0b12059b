package io.omnihub.delivery;

import java.util.UUID;

import io.omnihub.request.RequestFacts;
import io.smallrye.mutiny.Uni;

/**
 * Addresses a one-time code's message just before it is published: implemented by {@code delivery.verification},
 * which knows whether the verification is still pending and what the code is. Runs in the relay's transaction.
 */
public interface CodeAddresses {

    /**
     * Where the code's message goes and its text, or null when it must not go (the verification ended, or its
     * contact is no longer usable).
     *
     * @param contactPointId the contact being verified
     * @param sealedText the message's sealed text, with a {@code {code}} placeholder
     */
    Uni<Address> address(UUID messageId, UUID contactPointId, byte[] sealedText, RequestFacts request);

    /** Where a code goes ({@code kind} as the adapters name it, and the value), and its text. */
    record Address(String kind, String value, String text) {
    }
}
