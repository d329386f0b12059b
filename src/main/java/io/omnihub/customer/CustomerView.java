package io.omnihub.customer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer profile as operators see it. */
public record CustomerView(UUID id, String status, UUID mergedInto, String name, List<ContactView> contactPoints,
        Instant createdAt) {

    /** A contact point, decrypted. */
    public record ContactView(UUID id, String kind, String value, String sourceChannel, boolean verified) {
    }
}
