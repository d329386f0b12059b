package io.omnihub.delivery;

/** Delivery status of a reply, in the order it moves (HELD and FAILED aside). */
public enum ReplyStatus {
    /** Routed, waiting in the outbox. */
    PENDING,
    /** Routed, waiting for the customer's quiet hours to end. */
    DEFERRED,
    /** Published to the channel's topic. */
    DISPATCHED,
    /** A failed attempt; another is scheduled. */
    RETRYING,
    QUEUED,
    SENT,
    DELIVERED,
    READ,
    /** Failed on every eligible channel. */
    FAILED,
    /** No channel may carry it; an operator must act. */
    HELD;

    /** The order of progress reported by adapters; a receipt never moves a reply backwards. */
    int progress() {
        return switch (this) {
            case QUEUED -> 1;
            case SENT -> 2;
            case DELIVERED -> 3;
            case READ -> 4;
            default -> 0;
        };
    }
}
