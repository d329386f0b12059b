package io.omnihub.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.omnihub.routing.Decision.Candidate;
import io.omnihub.routing.Decision.Code;
import io.omnihub.routing.Decision.Reason;

/**
 * The routing rule of Omnihub, a pure function: the origin channel first, then the customer's preferred channels,
 * then any other channel the customer can be reached on; the first eligible one is chosen, else the reply is
 * HELD. Quiet hours defer a send; they never reject a channel.
 */
public final class RouteReply {

    private RouteReply() {
    }

    public static Decision decide(RoutingRequest r) {
        Map<String, ChannelSpec> byId = new LinkedHashMap<>();
        r.channels().forEach(c -> byId.put(c.id(), c));

        Map<String, String> order = new LinkedHashMap<>();
        order.put(r.originChannel(), "ORIGIN");
        r.policy().preferredChannels().forEach(c -> order.putIfAbsent(c, "PREFERRED"));
        byId.keySet().stream().filter(r.addressable()::contains).forEach(c -> order.putIfAbsent(c, "CONTACT"));

        List<Candidate> candidates = new ArrayList<>();
        String chosen = null;
        for (var entry : order.entrySet()) {
            List<Reason> reasons = check(r, entry.getKey(), byId.get(entry.getKey()));
            boolean eligible = reasons.stream().noneMatch(reason -> reason.code().blocks());
            candidates.add(new Candidate(entry.getKey(), entry.getValue(), eligible, reasons));
            if (eligible && chosen == null) {
                chosen = entry.getKey();
            }
        }
        if (chosen == null) {
            return new Decision(Decision.Outcome.HELD, null, null, candidates, r.policy().version(), r.now());
        }
        ChannelSpec channel = byId.get(chosen);
        QuietHours quiet = r.policy().quietHours();
        if (channel.quietHoursApply() && quiet != null && quiet.contains(r.now())) {
            return new Decision(Decision.Outcome.DEFERRED, chosen, quiet.nextOpen(r.now()), candidates,
                    r.policy().version(), r.now());
        }
        return new Decision(Decision.Outcome.ROUTED, chosen, r.now(), candidates, r.policy().version(), r.now());
    }

    private static List<Reason> check(RoutingRequest r, String id, ChannelSpec channel) {
        List<Reason> reasons = new ArrayList<>();
        if (channel == null || !channel.outbound()) {
            reasons.add(new Reason(Code.NOT_OUTBOUND, id + " cannot send replies"));
            return reasons;
        }
        if (r.excluded().contains(id)) {
            reasons.add(new Reason(Code.ALREADY_FAILED, "delivery on " + id + " already failed for this reply"));
        }
        if (r.textLength() > channel.maxLength()) {
            reasons.add(new Reason(Code.TOO_LONG, "the reply is longer than the " + channel.maxLength()
                    + " characters " + id + " carries"));
        }
        if (channel.replyWindow() != null) {
            Instant last = r.lastInboundAt().get(id);
            if (last == null || last.plus(channel.replyWindow()).isBefore(r.now())) {
                reasons.add(channel.templatesOutsideWindow() && r.approvedTemplate()
                        ? new Reason(Code.TEMPLATE_OUTSIDE_WINDOW, "the " + channel.replyWindow() + " reply window of "
                                + id + " is closed; an approved template may still go")
                        : new Reason(Code.REPLY_WINDOW_CLOSED, "the " + channel.replyWindow() + " reply window of " + id
                                + " is closed"));
            }
        }
        if (!r.addressable().contains(id)) {
            String why = r.unreachable().get(id);
            reasons.add(why != null ? new Reason(Code.CONTACT_UNREACHABLE, "the customer's contact on " + id + " " + why)
                    : new Reason(Code.NO_CONTACT_POINT, "no contact point of the customer on " + id));
        }
        CustomerPolicy policy = r.policy();
        if (policy.onlyPreferred() && !policy.preferredChannels().contains(id)) {
            reasons.add(new Reason(Code.NOT_ALLOWED_BY_PREFERENCES, "the customer allows only "
                    + String.join(", ", policy.preferredChannels())));
        }
        Optional<Boolean> consent = policy.consent(id, r.purpose());
        if (consent.isEmpty()) {
            reasons.add(new Reason(Code.NO_CONSENT, "no " + r.purpose() + " consent on " + id));
        } else if (!consent.get()) {
            reasons.add(new Reason(Code.CONSENT_WITHDRAWN, r.purpose() + " consent on " + id + " was withdrawn"));
        }
        if (r.recentOutbound() >= r.frequencyCap()) {
            reasons.add(new Reason(Code.FREQUENCY_CAP_REACHED, "the customer already received " + r.recentOutbound()
                    + " messages within the cap window"));
        }
        return reasons;
    }
}
