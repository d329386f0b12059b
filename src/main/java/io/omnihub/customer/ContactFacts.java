package io.omnihub.customer;

import java.util.UUID;

import io.omnihub.channel.ContactKind;

/**
 * What other features read of a contact point: whose it is, its kind, how far it is trusted and whether it can be
 * used, its value sealed with the customer's key and its keyed lookup hash. A copy: only {@code customer} writes
 * contact points.
 */
public record ContactFacts(UUID id, UUID customerId, ContactKind kind, Trust trust, boolean active, byte[] valueEnc,
        byte[] valueHash) {

    static ContactFacts of(ContactPoint cp) {
        return cp == null ? null
                : new ContactFacts(cp.id, cp.customerId, cp.kind, cp.trust, cp.state == ContactPoint.State.ACTIVE,
                        cp.valueEnc, cp.valueHash);
    }
}
