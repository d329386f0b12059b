package io.omnihub.customer;

/** Who or what stands behind a vouched or verified identifier. */
public enum Proof {
    /** The SMS sender of a signed gateway webhook: the carrier delivered it from that number. */
    CARRIER,
    /** The user id of a signed bot platform webhook. */
    PLATFORM,
    /** An adapter credential an admin issued as vouching for this kind (an app backend that signed its user in). */
    CREDENTIAL,
    /** Staff checked it in person (office); the staff member is recorded. */
    STAFF,
    /** The customer gave back a one-time code sent to it. */
    CODE
}
