package io.omnihub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.omnihub.routing.Decision.Code;

class RouteReplyTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final List<ChannelSpec> CHANNELS = List.of(
            new ChannelSpec("web", true, 10_000, null, false),
            new ChannelSpec("app", true, 10_000, null, true),
            new ChannelSpec("chatbot", true, 4096, Duration.ofHours(24), false),
            new ChannelSpec("sms", true, 1600, null, true),
            new ChannelSpec("office", true, 10_000, null, true),
            new ChannelSpec("email", true, 100_000, null, false),
            new ChannelSpec("fax", false, 1000, null, false));

    private static Map<String, Map<Purpose, Boolean>> service(String... channels) {
        var map = new java.util.HashMap<String, Map<Purpose, Boolean>>();
        for (String c : channels) {
            map.put(c, Map.of(Purpose.SERVICE, true));
        }
        return map;
    }

    private static CustomerPolicy policy(Map<String, Map<Purpose, Boolean>> consent) {
        return new CustomerPolicy(7, List.of(), false, null, null, consent);
    }

    private static RoutingRequest request(String origin, CustomerPolicy policy, Set<String> addressable) {
        return new RoutingRequest(origin, Purpose.SERVICE, 100, CHANNELS, policy, addressable, Map.of(), Map.of(), 0, 20,
                Set.of(), NOW);
    }

    @Test
    void originChannelFirst() {
        Decision d = RouteReply.decide(request("sms", policy(service("sms", "email")), Set.of("sms", "email")));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.ROUTED);
        assertThat(d.channel()).isEqualTo("sms");
        assertThat(d.sendAt()).isEqualTo(NOW);
        assertThat(d.policyVersion()).isEqualTo(7);
        assertThat(d.candidates()).extracting(Decision.Candidate::channel).containsExactly("sms", "email");
        assertThat(d.candidates().get(0).source()).isEqualTo("ORIGIN");
    }

    @Test
    void preferredChannelsComeBeforeOtherContacts() {
        CustomerPolicy p = new CustomerPolicy(1, List.of("app", "email"), false, null, null,
                Map.of("sms", Map.of(Purpose.SERVICE, false), "app", Map.of(Purpose.SERVICE, true),
                        "email", Map.of(Purpose.SERVICE, true), "web", Map.of(Purpose.SERVICE, true)));
        Decision d = RouteReply.decide(request("sms", p, Set.of("sms", "web", "app", "email")));
        assertThat(d.channel()).isEqualTo("app");
        assertThat(d.candidates()).extracting(Decision.Candidate::channel).containsExactly("sms", "app", "email",
                "web");
        assertThat(d.candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.CONSENT_WITHDRAWN);
    }

    @Test
    void onlyPreferredRejectsEverythingElseWithTheReason() {
        CustomerPolicy p = new CustomerPolicy(1, List.of("email"), true, null, null, service("sms", "email", "web"));
        Decision d = RouteReply.decide(request("sms", p, Set.of("sms", "email", "web")));
        assertThat(d.channel()).isEqualTo("email");
        assertThat(d.candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.NOT_ALLOWED_BY_PREFERENCES);
        assertThat(d.candidates().get(2).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.NOT_ALLOWED_BY_PREFERENCES);
    }

    @Test
    void heldWhenNothingIsEligibleAndEveryReasonIsListed() {
        Decision d = RouteReply.decide(request("sms", policy(Map.of("sms", Map.of(Purpose.SERVICE, false))),
                Set.of("sms")));
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.HELD);
        assertThat(d.channel()).isNull();
        assertThat(d.candidates()).hasSize(1);
    }

    @Test
    void missingConsentIsNotTheSameAsWithdrawn() {
        Decision d = RouteReply.decide(request("web", policy(Map.of()), Set.of("web")));
        assertThat(d.candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.NO_CONSENT);
    }

    @Test
    void consentIsPerPurpose() {
        RoutingRequest marketing = new RoutingRequest("web", Purpose.MARKETING, 10, CHANNELS,
                policy(service("web")), Set.of("web"), Map.of(), Map.of(), 0, 20, Set.of(), NOW);
        assertThat(RouteReply.decide(marketing).outcome()).isEqualTo(Decision.Outcome.HELD);
    }

    @Test
    void channelsWithoutAContactPointAreRejected() {
        CustomerPolicy p = new CustomerPolicy(1, List.of("email"), false, null, null, service("sms", "email"));
        Decision d = RouteReply.decide(new RoutingRequest("sms", Purpose.SERVICE, 10, CHANNELS,
                new CustomerPolicy(1, List.of("email"), false, null, null, Map.of("sms", Map.of(Purpose.SERVICE,
                        false), "email", Map.of(Purpose.SERVICE, true))),
                Set.of("sms"), Map.of(), Map.of(), 0, 20, Set.of(), NOW));
        assertThat(p.preferredChannels()).contains("email");
        assertThat(d.candidates().get(1).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.NO_CONTACT_POINT);
    }

    @Test
    void replyWindowIsEnforced() {
        RoutingRequest fresh = new RoutingRequest("chatbot", Purpose.SERVICE, 10, CHANNELS, policy(service("chatbot")),
                Set.of("chatbot"), Map.of(), Map.of("chatbot", NOW.minus(Duration.ofHours(23))), 0, 20, Set.of(), NOW);
        RoutingRequest stale = new RoutingRequest("chatbot", Purpose.SERVICE, 10, CHANNELS, policy(service("chatbot")),
                Set.of("chatbot"), Map.of(), Map.of("chatbot", NOW.minus(Duration.ofHours(25))), 0, 20, Set.of(), NOW);
        assertThat(RouteReply.decide(fresh).channel()).isEqualTo("chatbot");
        assertThat(RouteReply.decide(stale).candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.REPLY_WINDOW_CLOSED);
    }

    @Test
    void anApprovedTemplateGoesAfterTheWindowWhereTheChannelSaysSoAndTheDecisionRecordsIt() {
        List<ChannelSpec> channels = List.of(new ChannelSpec("chatbot", true, 4096, Duration.ofHours(24), false, true),
                new ChannelSpec("web", true, 10_000, Duration.ofHours(24), false, false));
        RoutingRequest stale = new RoutingRequest("chatbot", Purpose.SERVICE, 10, channels,
                policy(service("chatbot", "web")), Set.of("chatbot", "web"), Map.of(),
                Map.of("chatbot", NOW.minus(Duration.ofHours(25)), "web", NOW.minus(Duration.ofHours(25))), 0, 20,
                Set.of(), NOW);
        assertThat(RouteReply.decide(stale).outcome()).isEqualTo(Decision.Outcome.HELD);
        Decision template = RouteReply.decide(stale.asApprovedTemplate());
        assertThat(template.channel()).isEqualTo("chatbot");
        assertThat(template.candidates().get(0).eligible()).isTrue();
        assertThat(template.candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.TEMPLATE_OUTSIDE_WINDOW);
        // a channel whose descriptor does not say so keeps its window, template or not
        RoutingRequest webOnly = new RoutingRequest("web", Purpose.SERVICE, 10, channels, policy(service("web")),
                Set.of("web"), Map.of(), Map.of("web", NOW.minus(Duration.ofHours(25))), 0, 20, Set.of(), NOW)
                .asApprovedTemplate();
        assertThat(RouteReply.decide(webOnly).candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.REPLY_WINDOW_CLOSED);
    }

    @Test
    void outboundCapabilityAndLengthAreChecked() {
        RoutingRequest longText = new RoutingRequest("sms", Purpose.SERVICE, 2000, CHANNELS,
                policy(service("sms", "email", "fax")), Set.of("sms", "email", "fax"), Map.of(), Map.of(), 0, 20, Set.of(),
                NOW);
        Decision d = RouteReply.decide(longText);
        assertThat(d.channel()).isEqualTo("email");
        assertThat(d.candidates().get(0).reasons()).extracting(Decision.Reason::code).containsExactly(Code.TOO_LONG);
        RoutingRequest fax = new RoutingRequest("fax", Purpose.SERVICE, 10, CHANNELS, policy(service("fax")),
                Set.of("fax"), Map.of(), Map.of(), 0, 20, Set.of(), NOW);
        assertThat(RouteReply.decide(fax).candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.NOT_OUTBOUND);
    }

    @Test
    void frequencyCapHoldsEverything() {
        RoutingRequest capped = new RoutingRequest("web", Purpose.SERVICE, 10, CHANNELS, policy(service("web")),
                Set.of("web"), Map.of(), Map.of(), 20, 20, Set.of(), NOW);
        Decision d = RouteReply.decide(capped);
        assertThat(d.outcome()).isEqualTo(Decision.Outcome.HELD);
        assertThat(d.candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.FREQUENCY_CAP_REACHED);
    }

    @Test
    void aPurposeNotCappedIsRoutedHoweverManyRepliesWent() {
        RoutingRequest live = new RoutingRequest("web", Purpose.SERVICE, 10, CHANNELS, policy(service("web")),
                Set.of("web"), Map.of(), Map.of(), 500, RoutingRequest.UNCAPPED, Set.of(), NOW);
        assertThat(RouteReply.decide(live).channel()).isEqualTo("web");
    }

    @Test
    void channelsAReplyFailedOnAreSkipped() {
        RoutingRequest retry = new RoutingRequest("sms", Purpose.SERVICE, 10, CHANNELS, policy(service("sms", "email")),
                Set.of("sms", "email"), Map.of(), Map.of(), 0, 20, Set.of("sms"), NOW);
        Decision d = RouteReply.decide(retry);
        assertThat(d.channel()).isEqualTo("email");
        assertThat(d.candidates().get(0).reasons()).extracting(Decision.Reason::code)
                .containsExactly(Code.ALREADY_FAILED);
    }

    @Test
    void quietHoursDeferButDoNotReject() {
        QuietHours night = new QuietHours(LocalTime.of(22, 0), LocalTime.of(8, 0), ZoneId.of("Europe/Moscow"));
        CustomerPolicy p = new CustomerPolicy(1, List.of(), false, night, null, service("sms", "email"));
        Instant lateEvening = Instant.parse("2026-11-22T20:30:00Z"); // 23:30 in Moscow
        Decision sms = RouteReply.decide(new RoutingRequest("sms", Purpose.SERVICE, 10, CHANNELS, p,
                Set.of("sms", "email"), Map.of(), Map.of(), 0, 20, Set.of(), lateEvening));
        assertThat(sms.outcome()).isEqualTo(Decision.Outcome.DEFERRED);
        assertThat(sms.channel()).isEqualTo("sms");
        assertThat(sms.sendAt()).isEqualTo(Instant.parse("2026-11-23T05:00:00Z")); // 08:00 in Moscow
        Decision email = RouteReply.decide(new RoutingRequest("email", Purpose.SERVICE, 10, CHANNELS, p,
                Set.of("email"), Map.of(), Map.of(), 0, 20, Set.of(), lateEvening));
        assertThat(email.outcome()).as("e-mail ignores quiet hours").isEqualTo(Decision.Outcome.ROUTED);
    }

    @Test
    void quietHoursWithinOneDay() {
        QuietHours lunch = new QuietHours(LocalTime.of(13, 0), LocalTime.of(14, 0), ZoneId.of("UTC"));
        assertThat(lunch.contains(Instant.parse("2026-11-22T13:30:00Z"))).isTrue();
        assertThat(lunch.contains(Instant.parse("2026-11-22T14:00:00Z"))).isFalse();
        assertThat(lunch.nextOpen(Instant.parse("2026-11-22T13:30:00Z"))).isEqualTo(Instant.parse("2026-11-22T14:00:00Z"));
        assertThat(lunch.nextOpen(Instant.parse("2026-11-22T15:00:00Z"))).isEqualTo(Instant.parse("2026-11-22T15:00:00Z"));
    }
}
