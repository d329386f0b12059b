package io.omnihub.request;

import java.time.Instant;

/**
 * A request's deadlines under its team's targets (null where the team sets none), when it was first answered, and
 * when a deadline was found missed.
 */
public record Sla(Instant firstResponseDue, Instant firstResponseAt, Instant firstResponseBreachedAt,
        Instant resolutionDue, Instant resolutionBreachedAt) {

    static Sla of(Request r) {
        return new Sla(r.firstResponseDue, r.firstResponseAt, r.firstResponseBreachedAt, r.resolutionDue,
                r.resolutionBreachedAt);
    }
}
