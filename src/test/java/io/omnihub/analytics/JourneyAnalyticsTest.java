package io.omnihub.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.Figures;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.MovableClock;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * A scripted week of traffic on every inbound channel, driven by the application's clock, for the teams "week" and
 * "week-bots" that only this test uses. The test keeps its own model of what it did (who wrote where and when, what
 * each reply's routing said) and computes the figures from it; the API must agree, after a redelivery of every event,
 * after a rebuild, and across an erasure in the middle. A supervisor of another team sees none of it.
 */
@QuarkusTest
class JourneyAnalyticsTest {

    private static final String TEAM = "week";
    private static final String BOT_TEAM = "week-bots";
    private static final String BOT = "week-bot";
    private static final String BOT_SECRET = "week-bot-secret";
    private static final String SMS_TOKEN = "week-sms-token";
    /** The histogram buckets the README documents, in seconds. */
    private static final List<Long> BUCKETS = List.of(30L, 60L, 120L, 300L, 600L, 900L, 1_800L, 3_600L, 7_200L,
            14_400L, 28_800L, 86_400L, 172_800L, 345_600L, 604_800L);
    /** The figures the model computes (others, such as SLA breaches, depend on timers this script does not drive). */
    private static final Set<String> MODELLED = Set.of("requests", "multichannel", "switch", "repeat", "in", "out",
            "reply_origin", "reply_fallback", "fallback_reason", "reply_held", "held_reason", "bot_closed",
            "bot_handed_off", "first_response.count", "delivered");

    @Inject
    MovableClock clock;

    private Instant start;
    private final Model model = new Model();
    private String officeKey;
    private String webKey;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aScriptedWeekGivesTheFiguresTheScriptImpliesThroughRedeliveryRebuildAndErasure() {
        // a Monday two months ahead, 00:01 UTC: the script's five days fall in one week, on days of their own
        Instant monday = Instant.now().atZone(ZoneOffset.UTC).plusDays(60)
                .with(TemporalAdjusters.next(DayOfWeek.MONDAY)).truncatedTo(ChronoUnit.DAYS).toInstant()
                .plus(Duration.ofMinutes(1));
        clock.advance(Duration.between(clock.instant(), monday));
        start = monday;
        officeKey = Auth.issue("week-office-" + Samples.unique(), "office", TEAM, null,
                List.of("office_card", "email", "phone"));
        webKey = Auth.issue("week-web-" + Samples.unique(), "web", TEAM, null, List.of("email", "web_visitor"));
        // the app's backend signed its user in: it vouches for the app user id
        String appKey = Auth.issue("week-app-" + Samples.unique(), "app", TEAM, null, List.of("app_user"));
        String ann = Auth.bearer("ann-week", List.of("operator"), List.of(TEAM));
        String bob = Auth.bearer("bob-week", List.of("operator"), List.of(TEAM));

        // Monday: A texts, then an hour later comes to the office about the same parcel (a repeat contact and a
        // switch); she withdrew service messages at the office, so bob's answer there falls back to SMS
        String phoneA = Samples.phone();
        at(Duration.ZERO);
        String a = sms(phoneA, "Where is my parcel?");
        String r1 = newestRequest(a);
        model.open(r1, a, TEAM, "sms", false, now());
        at(Duration.ofHours(1));
        String r2 = office(phoneA, "office-" + Samples.unique());
        assertThat(customerOf(r2)).as("precondition: the office vouches her phone, so it is her").isEqualTo(a);
        model.open(r2, a, TEAM, "office", false, now());
        Replies.consent(a, "office", "SERVICE", "WITHDRAW").then().statusCode(201);
        at(Duration.ofMinutes(90));
        String reply1 = model.reply(r1, reply(ann, r1, "It is on its way."), "ann-week", now());
        at(Duration.ofMinutes(100));
        deliveredReceipt(reply1);
        model.delivered(TEAM, "sms");
        at(Duration.ofMinutes(110));
        JsonPath fallback = reply(bob, r2, "We answered by SMS, as you asked.");
        assertThat(fallback.getString("channel")).as("precondition: the office is ruled out, SMS takes it")
                .isEqualTo("sms");
        model.reply(r2, fallback, "bob-week", now());

        // Tuesday: B texts, and withdraws service messages by SMS, her only channel: the answer is held
        String phoneB = Samples.phone();
        at(Duration.ofHours(24));
        String b = sms(phoneB, "My refund?");
        String r3 = newestRequest(b);
        model.open(r3, b, TEAM, "sms", false, now());
        Replies.consent(b, "sms", "SERVICE", "WITHDRAW").then().statusCode(201);
        at(Duration.ofHours(24).plusMinutes(20));
        JsonPath held = reply(ann, r3, "Your refund is done.");
        assertThat(held.getString("status")).as("precondition: nothing may carry it").isEqualTo("HELD");
        model.reply(r3, held, "ann-week", now());

        // Wednesday: the bot hands C's conversation off and bob answers; it closes D's on its own
        at(Duration.ofHours(48));
        ObjectNode c = Inbound.chatbotMessage().put("text", "I need a person");
        String r4 = bot(c).then().statusCode(200).extract().path("requestId");
        model.open(r4, customerOf(r4), BOT_TEAM, "chatbot", true, now());
        at(Duration.ofHours(48).plusMinutes(10));
        ObjectNode handoff = event("handoff", c);
        // the transcript: the user's message (already stored) and the bot's last turn (a new message, the team's)
        handoff.putArray("transcript").add(handoff.objectNode().put("id", c.get("eventId").asText())
                .put("author", "user").put("text", c.get("text").asText()).put("sentAt", now().toString()))
                .add(handoff.objectNode().put("author", "bot").put("text", "Passing you to a colleague.")
                        .put("sentAt", now().toString()));
        bot(handoff).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("NEW"));
        model.handedOff(r4, BOT_TEAM, TEAM, now());
        model.message(TEAM, "chatbot", "BOT");
        at(Duration.ofHours(48).plusMinutes(35));
        model.reply(r4, reply(bob, r4, "Hello, I am Bob."), "bob-week", now());
        at(Duration.ofHours(49));
        ObjectNode d = Inbound.chatbotMessage().put("text", "Opening hours?");
        String r5 = bot(d).then().statusCode(200).extract().path("requestId");
        model.open(r5, customerOf(r5), BOT_TEAM, "chatbot", true, now());
        at(Duration.ofHours(49).plusMinutes(5));
        bot(event("closed", d)).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("CLOSED"));
        model.closedByBot(BOT_TEAM);

        // Thursday: E writes on the web and ann answers there; later E is erased, which changes no figure
        at(Duration.ofHours(72));
        Response web = Inbound.submitAs(webKey, Inbound.webMessage().put("text", "Do you ship abroad?"));
        web.then().statusCode(201);
        model.message(TEAM, "web");
        String r6 = web.path("requestId");
        String e = web.path("customerId");
        model.open(r6, e, TEAM, "web", false, now());
        at(Duration.ofHours(72).plusMinutes(8));
        model.reply(r6, reply(ann, r6, "We do."), "ann-week", now());
        // and F asks in the mobile app, where ann answers her twenty minutes later
        at(Duration.ofHours(72).plusMinutes(10));
        ObjectNode fromApp = Samples.json("app", "message.json").put("externalId", "app-" + Samples.unique())
                .put("thread", "app-conversation-" + Samples.unique()).put("text", "Can I change the address?");
        ((ObjectNode) fromApp.get("customer")).put("appUserId", "app-user-" + Samples.unique()).remove("phone");
        Response app = Inbound.submitAs(appKey, fromApp);
        app.then().statusCode(201);
        model.message(TEAM, "app");
        String r8 = app.path("requestId");
        model.open(r8, app.path("customerId"), TEAM, "app", false, now());
        at(Duration.ofHours(72).plusMinutes(30));
        model.reply(r8, reply(ann, r8, "Yes, on the order's page."), "ann-week", now());
        at(Duration.ofHours(80));
        Map<String, Long> beforeErasure = awaitFigures();
        given().header("Authorization", Auth.bearer("dpo-week", List.of("privacy-officer"), List.of()))
                .contentType(ContentType.JSON).body(Map.of("legalBasis", "GDPR Art. 17"))
                .post("/api/v1/customers/" + e + "/privacy/erasure").then().statusCode(201);
        try (KafkaTopic events = new KafkaTopic("omnihub.events")) { // published, then counted (as nothing)
            events.await(r -> "customer.erased".equals(r.type()) && r.value().contains(e), 1, Duration.ofSeconds(30));
        }
        Figures.awaitConsumed();
        assertThat(modelled(Figures.totals(Auth.admin(), start, end()))).as("the erasure changes no figure")
                .isEqualTo(beforeErasure);

        // Friday: A texts on her SMS thread again (no new request), then comes to the office about something else:
        // no switch (her last request was at the office) and no repeat (her open SMS request is four days old)
        at(Duration.ofHours(96));
        smsTo(phoneA, "Any news?");
        assertThat(given().queryParam("customerId", a).get("/api/v1/requests").then().extract().jsonPath()
                .getList("items")).as("her SMS thread's request is still open: the text joins it").hasSize(2);
        at(Duration.ofHours(100));
        String r7 = office(phoneA, "office-" + Samples.unique());
        assertThat(r7).as("a new office visit is a new request").isNotIn(r1, r2);
        model.open(r7, a, TEAM, "office", false, now());

        Map<String, Long> expected = model.figures();
        assertThat(expected).as("the model expects what the script is about")
                .containsEntry(TEAM + "|office|repeat|sms", 1L).containsEntry(TEAM + "|office|switch|sms", 1L)
                .containsKey(TEAM + "|office|fallback_reason|CONSENT_WITHDRAWN")
                .containsKey(TEAM + "|sms|held_reason|CONSENT_WITHDRAWN");
        assertThat(awaitFigures()).as("figures by team and channel, from the model").isEqualTo(expected);
        assertThat(modelled(Figures.totals(Auth.admin(), start, end(), "granularity", "hour")))
                .as("the hourly rollups add up to the daily ones").isEqualTo(expected);

        // first-response times: p50 and p90 of the week, and counts per operator
        JsonPath week = given().header("Authorization", Auth.admin()).queryParam("from", start.toString())
                .queryParam("to", end().toString()).queryParam("granularity", "week").queryParam("team", TEAM)
                .get("/api/v1/analytics/figures").then().statusCode(200).extract().jsonPath();
        assertThat(week.getLong("find { it.metric == 'first_response.p50' }.value")).as("p50 of %s", model.responses)
                .isEqualTo(model.percentile(0.5));
        assertThat(week.getLong("find { it.metric == 'first_response.p90' }.value")).as("p90 of %s", model.responses)
                .isEqualTo(model.percentile(0.9));
        JsonPath byOperator = given().header("Authorization", Auth.admin()).queryParam("from", start.toString())
                .queryParam("to", end().toString()).queryParam("granularity", "week").queryParam("team", TEAM)
                .queryParam("by", "operator").get("/api/v1/analytics/figures").then().statusCode(200).extract()
                .jsonPath();
        model.byOperator.forEach((operator, n) -> assertThat(byOperator.getLong(
                "find { it.metric == 'first_response.count' && it.operator == '" + operator + "' }.value"))
                .as("first responses of %s", operator).isEqualTo(n));

        // consent withdrawn, per channel and purpose: figures of no team, for privacy officers and admins
        Map<String, Long> all = Figures.totals(Auth.admin(), start, end());
        assertThat(all).containsEntry("|office|consent|SERVICE:WITHDRAWN", 1L)
                .containsEntry("|sms|consent|SERVICE:WITHDRAWN", 1L);

        // every event of the script delivered again: nothing changes
        List<KafkaTopic.Record> ours;
        try (KafkaTopic events = new KafkaTopic("omnihub.events")) {
            // the relay writes the stored jsonb, which has a space after each colon
            java.util.function.Predicate<KafkaTopic.Record> script = r -> r.value().matches(
                    "(?s).*\"team\":\\s*\"(" + TEAM + "|" + BOT_TEAM + ")\".*");
            events.await(script, 20, Duration.ofSeconds(30)); // the group joins, then reads from the beginning
            ours = events.over(script, Duration.ofSeconds(2));
        }
        assertThat(ours).as("the script's events").hasSizeGreaterThan(20);
        KafkaTopic.resend("omnihub.events", ours);
        Figures.awaitConsumed();
        assertThat(modelled(Figures.totals(Auth.admin(), start, end()))).as("after a redelivery").isEqualTo(expected);

        // a rebuild from the topic arrives at the same figures
        given().header("Authorization", Auth.admin()).post("/api/v1/analytics/rebuild").then().statusCode(200)
                .body("events", org.hamcrest.Matchers.greaterThan(ours.size()));
        assertThat(modelled(Figures.totals(Auth.admin(), start, end()))).as("after a rebuild").isEqualTo(expected);

        // a supervisor of another team sees none of it, as JSON or CSV; asking for the team is 404
        String other = Auth.bearer("sv-elsewhere", List.of("supervisor"), List.of("elsewhere"));
        assertThat(Figures.totals(other, start, end())).as("another team's supervisor").isEmpty();
        given().header("Authorization", other).queryParam("team", TEAM).get("/api/v1/analytics/figures").then()
                .statusCode(404).contentType("application/problem+json");
        String csv = given().header("Authorization", other).queryParam("from", start.toString())
                .queryParam("to", end().toString()).queryParam("by", "team").get("/api/v1/analytics/figures.csv")
                .then().statusCode(200).contentType("text/csv").extract().asString();
        assertThat(csv.lines()).as("only the header").containsExactly("period,metric,dim,team,channel,operator,value");
        String ours2 = given().header("Authorization", Auth.bearer("sv-week", List.of("supervisor"), List.of(TEAM)))
                .queryParam("from", start.toString()).queryParam("to", end().toString()).queryParam("by", "team")
                .get("/api/v1/analytics/figures.csv").then().statusCode(200).extract().asString();
        assertThat(ours2).as("the team's own supervisor reads its figures").contains(",requests,people," + TEAM + ",")
                .doesNotContain(BOT_TEAM).doesNotContain("consent");
    }

    // ---- the script's steps ------------------------------------------------------------------------------------

    private Instant now() {
        return clock.instant();
    }

    private Instant end() {
        return start.plus(Duration.ofDays(7));
    }

    /** Moves the application's clock to {@code offset} after the start. */
    private void at(Duration offset) {
        Duration by = Duration.between(clock.instant(), start.plus(offset));
        if (!by.isNegative()) {
            clock.advance(by);
        }
    }

    /** The figures once the consumer caught up with the model (all it counted so far). */
    private Map<String, Long> awaitFigures() {
        Map<String, Long> expected = model.figures();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                modelled(Figures.totals(Auth.admin(), start, end()))).isEqualTo(expected));
        return modelled(Figures.totals(Auth.admin(), start, end()));
    }

    private static Map<String, Long> modelled(Map<String, Long> totals) {
        Map<String, Long> out = new TreeMap<>();
        totals.forEach((k, v) -> {
            String[] parts = k.split("\\|", -1);
            if (MODELLED.contains(parts[2]) && (parts[0].equals(TEAM) || parts[0].equals(BOT_TEAM))) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The customer's newest request. */
    private static String newestRequest(String customerId) {
        List<Map<String, Object>> items = given().queryParam("customerId", customerId).get("/api/v1/requests").then()
                .statusCode(200).extract().jsonPath().getList("items");
        return items.stream().max(java.util.Comparator.comparing(i -> String.valueOf(i.get("createdAt"))))
                .map(i -> (String) i.get("id")).orElseThrow();
    }

    private static String customerOf(String requestId) {
        return given().get("/api/v1/requests/" + requestId).then().statusCode(200).extract().path("customerId");
    }

    /** A text from {@code phone} to the team's SMS number; answers the customer. */
    private String sms(String phone, String text) {
        smsTo(phone, text);
        return given().queryParam("phone", phone).get("/api/v1/customers").then().statusCode(200).extract()
                .path("id");
    }

    private void smsTo(String phone, String text) {
        Map<String, String> form = Inbound.smsInbound();
        form.put("AccountSid", "ACweek");
        form.put("From", phone);
        form.put("Body", text);
        Webhooks.smsFor(SMS_TOKEN, "/webhooks/sms", form).then().statusCode(200);
        model.message(TEAM, "sms");
    }

    /** A visit to the office by the customer with this phone, on a thread of its own; answers the request. */
    private String office(String phone, String thread) {
        ObjectNode m = Samples.json("office", "message.json");
        m.put("externalId", "office-" + Samples.unique()).put("thread", thread).put("text", "About my order");
        ((ObjectNode) m.get("customer")).put("officeCard", "CARD-" + Samples.unique()).put("phone", phone);
        m.remove("attachments");
        Response answer = Inbound.submitAs(officeKey, m);
        answer.then().statusCode(201);
        model.message(TEAM, "office", "STAFF"); // an office visit is written down by staff
        return answer.path("requestId");
    }

    private Response bot(ObjectNode event) {
        if ("message".equals(event.path("type").asText())) {
            model.message(BOT_TEAM, "chatbot");
        }
        Response answer = Webhooks.chatbotAt(BOT, BOT_SECRET, event.toString(), clock.instant());
        answer.then().log().ifValidationFails();
        return answer;
    }

    private static ObjectNode event(String type, ObjectNode first) {
        ObjectNode e = Samples.json("chatbot", type + ".json");
        e.put("eventId", "evt-" + Samples.unique()).put("conversationId", first.get("conversationId").asText());
        e.set("user", first.get("user").deepCopy());
        e.remove("transcript");
        return e;
    }

    /**
     * An operator's reply; one that is routed is waited for until the relay published it, so that its check just
     * before publishing runs before the script moves the clock on (a day later, a chat's reply window is closed).
     */
    private static JsonPath reply(String operator, String requestId, String text) {
        JsonPath result = given().header("Authorization", operator).contentType(ContentType.JSON)
                .body(Map.of("text", text)).post("/api/v1/requests/" + requestId + "/replies").then().statusCode(201)
                .extract().jsonPath();
        if (!"HELD".equals(result.getString("status"))) {
            try (KafkaTopic replies = new KafkaTopic("omnihub.replies." + result.getString("channel"))) {
                replies.await(r -> result.getString("messageId").equals(r.id()), 1, Duration.ofSeconds(20));
            }
        }
        return result;
    }

    private static void deliveredReceipt(String messageId) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                Replies.receipt(messageId, "sms", "DELIVERED").then().extract().statusCode()).isEqualTo(200));
    }

    /**
     * What the script did, and the figures that follow from it by the README's definitions: kept apart from the
     * code under test, from the test's own records of each customer's requests.
     */
    private static final class Model {

        private record Req(String id, String customer, String team, String channel, Instant createdAt) {
        }

        private final Map<String, Long> counts = new TreeMap<>();
        private final List<Req> requests = new ArrayList<>();
        private final Map<String, Instant> queuedAt = new HashMap<>();
        private final Map<String, String> teamOf = new HashMap<>();
        private final Set<String> answered = new TreeSet<>();
        final List<Long> responses = new ArrayList<>();
        final Map<String, Long> byOperator = new TreeMap<>();

        private void add(String team, String channel, String metric, String dim) {
            counts.merge(team + "|" + channel + "|" + metric + "|" + dim, 1L, Long::sum);
        }

        void message(String team, String channel) {
            message(team, channel, "CUSTOMER");
        }

        void message(String team, String channel, String author) {
            add(team, channel, "in", author);
        }

        /** A new request of {@code customer}. */
        void open(String id, String customer, String team, String channel, boolean withBot, Instant at) {
            List<Req> earlier = requests.stream().filter(r -> r.customer().equals(customer)).toList();
            add(team, channel, "requests", withBot ? "bot" : "people");
            Set<String> channels = new TreeSet<>();
            earlier.forEach(r -> channels.add(r.channel()));
            if (!channels.contains(channel) && channels.size() == 1) {
                add(team, channel, "multichannel", "");
            }
            if (!earlier.isEmpty()) {
                String previous = earlier.get(earlier.size() - 1).channel();
                if (!previous.equals(channel)) {
                    add(team, channel, "switch", previous);
                }
            }
            // open: this script resolves nothing, so every earlier request is still open
            earlier.stream().filter(r -> !r.channel().equals(channel)
                    && r.createdAt().isAfter(at.minus(Duration.ofHours(24))))
                    .reduce((x, y) -> y).ifPresent(r -> add(team, channel, "repeat", r.channel()));
            requests.add(new Req(id, customer, team, channel, at));
            queuedAt.put(id, at);
            teamOf.put(id, team);
        }

        void handedOff(String requestId, String fromTeam, String toTeam, Instant at) {
            add(fromTeam, "chatbot", "bot_handed_off", "bot");
            String key = key(requestId);
            queuedAt.put(key, at);
            teamOf.put(key, toTeam);
        }

        void closedByBot(String team) {
            add(team, "chatbot", "bot_closed", "");
        }

        void delivered(String team, String channel) {
            add(team, channel, "delivered", "");
        }

        /** A reply's routing as the API answered it; answers the reply's message id. */
        String reply(String requestId, JsonPath result, String operator, Instant at) {
            String key = key(requestId);
            String team = teamOf.get(key);
            String origin = requests.stream().filter(r -> r.id().equals(key)).findFirst().orElseThrow().channel();
            List<Map<String, Object>> candidates = result.getList("decision.candidates");
            if ("HELD".equals(result.getString("decision.outcome"))) {
                add(team, origin, "reply_held", "");
                candidates.stream().flatMap(c -> blocking(c).stream()).distinct()
                        .forEach(code -> add(team, origin, "held_reason", code));
                return result.getString("messageId");
            }
            String channel = result.getString("decision.channel");
            add(team, channel, "out", result.getString("decision.outcome"));
            if (channel.equals(origin)) {
                add(team, origin, "reply_origin", "");
            } else {
                add(team, origin, "reply_fallback", channel);
                candidates.stream().filter(c -> origin.equals(c.get("channel"))).flatMap(c -> blocking(c).stream())
                        .distinct().forEach(code -> add(team, origin, "fallback_reason", code));
            }
            if (answered.add(key)) {
                add(team, origin, "first_response.count", "");
                responses.add(Duration.between(queuedAt.get(key), at).getSeconds());
                byOperator.merge(operator, 1L, Long::sum);
            }
            return result.getString("messageId");
        }

        @SuppressWarnings("unchecked")
        private static List<String> blocking(Map<String, Object> candidate) {
            return ((List<Map<String, Object>>) candidate.get("reasons")).stream().map(r -> (String) r.get("code"))
                    .filter(code -> !"TEMPLATE_OUTSIDE_WINDOW".equals(code)).toList();
        }

        Map<String, Long> figures() {
            return new TreeMap<>(counts);
        }

        /** The bucket bound holding the {@code q} quantile of the first-response times. */
        long percentile(double q) {
            List<Long> sorted = responses.stream().sorted().toList();
            long value = sorted.get((int) Math.ceil(q * sorted.size()) - 1);
            return BUCKETS.stream().filter(b -> value <= b).findFirst().orElseThrow();
        }

        private static String key(String requestId) {
            return requestId;
        }
    }
}
