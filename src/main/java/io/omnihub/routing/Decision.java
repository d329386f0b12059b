package io.omnihub.routing;

import java.time.Instant;
import java.util.List;

/**
 * Where a reply goes and why: the chosen channel (null when HELD), when it may be sent (later than now during
 * quiet hours), and every candidate considered with the reasons it was rejected.
 */
public record Decision(Outcome outcome, String channel, Instant sendAt, List<Candidate> candidates,
        long policyVersion, Instant decidedAt) {

    public enum Outcome {
        /** Sent on {@link #channel()} now. */
        ROUTED,
        /** Sent on {@link #channel()} at {@link #sendAt()}, when quiet hours end. */
        DEFERRED,
        /** No channel is eligible; an operator must act. */
        HELD
    }

    /**
     * One channel considered.
     *
     * @param source why it was a candidate: ORIGIN, PREFERRED or CONTACT
     */
    public record Candidate(String channel, String source, boolean eligible, List<Reason> reasons) {
    }

    /** Why a candidate was rejected, or (a code that does not block) an exception it is eligible by. */
    public record Reason(Code code, String detail) {
    }

    public enum Code {
        NOT_OUTBOUND,
        TOO_LONG,
        REPLY_WINDOW_CLOSED,
        NO_CONTACT_POINT,
        /** The customer's contact on the channel was retired, or bounced for good. */
        CONTACT_UNREACHABLE,
        NOT_ALLOWED_BY_PREFERENCES,
        NO_CONSENT,
        CONSENT_WITHDRAWN,
        FREQUENCY_CAP_REACHED,
        ALREADY_FAILED,
        /** Not a rejection: the reply window closed, and the channel accepts the approved template sent. */
        TEMPLATE_OUTSIDE_WINDOW;

        /** Whether a reason of this code rules the candidate out. */
        public boolean blocks() {
            return this != TEMPLATE_OUTSIDE_WINDOW;
        }
    }
}
