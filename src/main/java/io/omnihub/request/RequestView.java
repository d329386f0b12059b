package io.omnihub.request;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A request with its messages in order, every message labelled by channel.
 *
 * @param assignee the operator who owns it, or null
 * @param history ownership changes and transfers, oldest first
 * @param notes internal notes, never sent to the customer, oldest first
 */
public record RequestView(UUID id, UUID customerId, String status, String originChannel, String originChannelName,
        String subject, String category, Instant createdAt, Instant updatedAt, String team, String assignee,
        List<String> labels, Sla sla, List<MessageView> messages, List<RequestNote.View> notes,
        List<RequestHistory.View> history, Csat csat) {

    /**
     * The satisfaction survey: when it went out, and the customer's answer (1-5) and when, if any; null when none went.
     */
    public record Csat(Instant surveySentAt, Integer rating, Instant answeredAt) {
        static Csat of(Request r) {
            return r.surveySentAt == null ? null
                    : new Csat(r.surveySentAt, r.csat == null ? null : r.csat.intValue(), r.csatAt);
        }
    }
}
