package io.omnihub.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.consent.ConsentViews;
import io.omnihub.customer.CustomerView;
import io.omnihub.customer.MergeView;
import io.omnihub.request.MessageView;
import io.omnihub.request.RequestNote;
import io.omnihub.request.RequestSummary;
import io.omnihub.request.RequestTemplates;
import io.omnihub.request.RequestView;
import io.omnihub.routing.Decision;

/**
 * Everything the customer view shows: the request, the profile (masked unless the role may see contacts), the
 * timeline across channels, consent with its history, preferences and merges, and what the caller may do.
 */
public record RequestPage(RequestView request, CustomerView customer, List<Entry> timeline,
        List<RequestSummary> requests, ConsentPanel consent, ConsentViews.Preferences preferences,
        List<MergeView> merges, Preview preview, Permissions may, List<RequestTemplates.Filled> templates,
        String number) {

    /** What the signed-in caller may do here. */
    public record Permissions(boolean reply, boolean changeConsent, boolean merge, boolean rectify, boolean verify) {
    }

    /** One message of the timeline, with what the screen needs to label it. */
    public record Entry(MessageView message, String kind, List<String> reasons, boolean current) {

        /** An internal note, drawn apart from what was said to the customer: never sent. */
        static Entry ofNote(RequestNote.View n, UUID currentRequest) {
            return new Entry(new MessageView(n.id(), n.requestId(), "NOTE", null, null, "NOTE", n.author(), n.text(),
                    n.createdAt(), null, null, null), "note", List.of(), n.requestId().equals(currentRequest));
        }

        /** customer, bot, staff, operator or system: bot turns are drawn apart from the customer's words. */
        static Entry of(MessageView m, UUID currentRequest) {
            String kind = m.author() == null ? "system" : m.author().toLowerCase();
            return new Entry(m, kind, reasons(m.routingDecision()), m.requestId().equals(currentRequest));
        }

        public boolean outbound() {
            return "OUTBOUND".equals(message.direction());
        }

        public boolean held() {
            return "HELD".equals(message.deliveryStatus());
        }

        private static List<String> reasons(JsonNode decision) {
            List<String> reasons = new ArrayList<>();
            if (decision == null || !decision.has("candidates")) {
                return reasons;
            }
            for (JsonNode candidate : decision.get("candidates")) {
                for (JsonNode reason : candidate.path("reasons")) {
                    reasons.add(candidate.path("channel").asText() + ": " + reason.path("detail").asText(
                            reason.path("code").asText()));
                }
            }
            return reasons;
        }
    }

    /** Where a reply would go now, and why the channels before it were passed over. */
    public record Preview(String outcome, String channel, String channelName, String origin, String originName,
            Instant sendAt, List<String> rejected) {

        static Preview of(Decision decision, String origin, java.util.function.Function<String, String> names) {
            List<String> rejected = new ArrayList<>();
            for (Decision.Candidate c : decision.candidates()) {
                if (!c.eligible()) {
                    rejected.add(names.apply(c.channel()) + ": " + String.join("; ",
                            c.reasons().stream().map(r -> r.detail() == null ? r.code().name() : r.detail()).toList()));
                }
            }
            return new Preview(decision.outcome().name(), decision.channel(),
                    decision.channel() == null ? null : names.apply(decision.channel()), origin, names.apply(origin),
                    decision.sendAt(), rejected);
        }

        public boolean held() {
            return "HELD".equals(outcome);
        }

        /** Quiet hours: the reply waits until {@link #sendAt()}. */
        public boolean deferred() {
            return "DEFERRED".equals(outcome);
        }

        /** The reply leaves on another channel than the one the customer wrote on. */
        public boolean fallback() {
            return channel != null && !channel.equals(origin);
        }
    }
}
