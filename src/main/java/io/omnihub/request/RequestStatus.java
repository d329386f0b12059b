package io.omnihub.request;

import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a request: NEW → OPEN → WAITING_CUSTOMER → RESOLVED → CLOSED. A chatbot conversation starts as
 * BOT, out of the operators' queue, and becomes NEW when handed off (or OPEN when an operator takes it).
 */
public enum RequestStatus {
    BOT,
    NEW,
    OPEN,
    WAITING_CUSTOMER,
    RESOLVED,
    CLOSED;

    private static final Map<RequestStatus, Set<RequestStatus>> NEXT = Map.of(
            BOT, Set.of(OPEN, CLOSED),
            NEW, Set.of(OPEN, WAITING_CUSTOMER, RESOLVED, CLOSED),
            OPEN, Set.of(WAITING_CUSTOMER, RESOLVED, CLOSED),
            WAITING_CUSTOMER, Set.of(OPEN, RESOLVED, CLOSED),
            RESOLVED, Set.of(OPEN, CLOSED),
            CLOSED, Set.of());

    /** Whether the customer still waits on it (with the bot or people): neither resolved nor closed. */
    public boolean isOpen() {
        return this != RESOLVED && this != CLOSED;
    }

    /** Whether an operator may move a request from this status to {@code next}. */
    public boolean canMoveTo(RequestStatus next) {
        return NEXT.get(this).contains(next);
    }
}
