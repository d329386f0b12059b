package io.omnihub.customer;

/**
 * How far an identifier is trusted (DESIGN.md, "Identity"). Only a vouched or verified identifier links a message to
 * a profile, merges profiles or implies consent; a claimed one is kept for the customer and may be verified.
 */
public enum Trust {
    /** Some party vouches for it: the carrier, the bot platform, an authenticated app backend, staff in person. */
    VOUCHED,
    /** The customer proved it with a one-time code sent to it. */
    VERIFIED,
    /** The customer merely typed it. */
    CLAIMED;

    public boolean trusted() {
        return this != CLAIMED;
    }
}
