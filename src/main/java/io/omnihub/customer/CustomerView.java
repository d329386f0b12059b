package io.omnihub.customer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A customer profile as operators see it. */
public record CustomerView(UUID id, String status, UUID mergedInto, String name, List<ContactView> contactPoints,
        Instant createdAt) {

    /**
     * A contact point, decrypted.
     *
     * @param trust VOUCHED, VERIFIED or CLAIMED
     * @param proof what stands behind a vouched or verified contact (CARRIER, PLATFORM, CREDENTIAL, STAFF, CODE)
     * @param state ACTIVE, RETIRED or UNREACHABLE
     */
    public record ContactView(UUID id, String kind, String value, String sourceChannel, String trust, String proof,
            String state, String stateReason) {

        static ContactView of(ContactPoint cp, String value) {
            return new ContactView(cp.id, cp.kind.wireName(), value, cp.sourceChannel, cp.trust.name(),
                    cp.proof == null ? null : cp.proof.name(), cp.state.name(), cp.stateReason);
        }

        public boolean trusted() {
            return !"CLAIMED".equals(trust);
        }

        /** The value with all but its first and last characters hidden: +7916*****23, a***@example.com. */
        public ContactView masked() {
            if (value == null) {
                return this;
            }
            int at = value.indexOf('@');
            String shown;
            if (at > 0) {
                shown = value.charAt(0) + "***" + value.substring(at);
            } else if (value.length() > 6) {
                shown = value.substring(0, 4) + "*".repeat(value.length() - 6) + value.substring(value.length() - 2);
            } else {
                shown = "*".repeat(value.length());
            }
            return new ContactView(id, kind, shown, sourceChannel, trust, proof, state, stateReason);
        }
    }

    /** This view for a caller who may not see contact points in full. */
    public CustomerView masked() {
        return new CustomerView(id, status, mergedInto, name,
                contactPoints.stream().map(ContactView::masked).toList(), createdAt);
    }

    public CustomerView forCaller(boolean fullContacts) {
        return fullContacts ? this : masked();
    }
}
