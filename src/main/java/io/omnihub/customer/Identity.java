package io.omnihub.customer;

import io.omnihub.channel.ContactKind;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A normalised identifier a channel knows the customer by, with how far it is trusted.
 *
 * @param proof who vouched for it or how it was verified; null when claimed
 * @param proofRef who in particular (the staff member who checked it), or null
 */
@RegisterForReflection
public record Identity(ContactKind kind, String value, Trust trust, Proof proof, String proofRef) {

    /** What a customer gave: claimed until someone vouches for it or it is verified. */
    public static Identity claimed(ContactKind kind, String value) {
        return new Identity(kind, value, Trust.CLAIMED, null, null);
    }

    /** This identifier, vouched for by {@code proof}. */
    public Identity vouched(Proof by, String ref) {
        return new Identity(kind, value, Trust.VOUCHED, by, ref);
    }

    public boolean trusted() {
        return trust.trusted();
    }
}
