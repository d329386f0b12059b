package io.omnihub.request;

import java.time.Instant;
import java.util.UUID;

/**
 * A request in a list: no message bodies. {@code number} is its short number, {@code assignee} the operator who owns
 * it, or null.
 */
public record RequestSummary(UUID id, String number, UUID customerId, String status, String originChannel, String team,
        Instant createdAt, Instant updatedAt, Instant lastInboundAt, String assignee, Sla sla) {

    static RequestSummary of(Request r) {
        return new RequestSummary(r.id, RequestTemplates.number(r.id), r.customerId, r.status.name(), r.originChannel, r.team,
                r.createdAt, r.updatedAt, r.lastInboundAt, r.assignee, Sla.of(r));
    }
}
