package io.omnihub.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.BotPlatformStub;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** The second half of Omnihub's job: a reply goes back on the origin channel, where the customer allows it. */
@QuarkusTest
@QuarkusTestResource(BotPlatformStub.class)
class ReplyFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    /** A customer who wrote on the web form with an e-mail and a phone, then by SMS from that phone. */
    record Customer(String id, String phone, String email, String webRequest, String smsRequest) {
    }

    static Customer webAndSmsCustomer() {
        String phone = Samples.phone();
        String email = Samples.email();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("email", email).put("phone", phone).remove("webVisitorId");
        var created = Inbound.submit(web).then().statusCode(201).extract();
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("From", phone);
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String smsRequest = given().queryParam("customerId", created.<String> path("customerId"))
                .queryParam("channel", "sms").get("/api/v1/requests").then().statusCode(200)
                .extract().path("items[0].id");
        return new Customer(created.path("customerId"), phone, email, created.path("requestId"), smsRequest);
    }

    @Test
    void aWebRequestsReplyArrivesOnTheWebTopic() {
        try (KafkaTopic web = new KafkaTopic("omnihub.replies.web")) {
            ObjectNode m = Inbound.webMessage();
            String requestId = Inbound.submit(m).then().statusCode(201).extract().path("requestId");
            String messageId = Replies.reply(requestId, "Your parcel left the warehouse today.").then()
                    .statusCode(201)
                    .body("status", equalTo("PENDING"))
                    .body("channel", equalTo("web"))
                    .body("decision.outcome", equalTo("ROUTED"))
                    .body("decision.candidates[0].channel", equalTo("web"))
                    .body("decision.candidates[0].source", equalTo("ORIGIN"))
                    .extract().path("messageId");

            KafkaTopic.Record record = web.await(r -> messageId.equals(r.id()), 1, WAIT).get(0);
            assertThat(record.key()).isEqualTo(requestId);
            assertThat(record.type()).isEqualTo("reply");
            JsonPath payload = JsonPath.from(record.value());
            assertThat(payload.getString("text")).isEqualTo("Your parcel left the warehouse today.");
            assertThat(payload.getString("to.kind")).isEqualTo("thread");
            assertThat(payload.getString("to.value")).isEqualTo(m.get("thread").asText());
        }
    }

    @Test
    void anSmsRequestOfAnEmailOnlyCustomerIsAnsweredByEmailAndTheDecisionSaysWhy() {
        Customer c = webAndSmsCustomer();
        Replies.preferences(c.id(), Map.of("preferredChannels", List.of("email"), "onlyPreferred", true))
                .then().statusCode(200).body("onlyPreferred", equalTo(true));
        try (KafkaTopic email = new KafkaTopic("omnihub.replies.email")) {
            JsonPath reply = Replies.reply(c.smsRequest(), "We refunded order 5531.").then().statusCode(201)
                    .body("channel", equalTo("email"))
                    .body("decision.candidates[0].channel", equalTo("sms"))
                    .body("decision.candidates[0].eligible", equalTo(false))
                    .body("decision.candidates[0].reasons.code", hasItem("NOT_ALLOWED_BY_PREFERENCES"))
                    .extract().jsonPath();
            KafkaTopic.Record record = email.await(r -> reply.getString("messageId").equals(r.id()), 1, WAIT).get(0);
            assertThat(JsonPath.from(record.value()).getString("to.value")).isEqualTo(c.email());
        }
        // the decision is stored on the message and shown in the timeline
        given().get("/api/v1/requests/" + c.smsRequest()).then()
                .body("messages.find { it.direction == 'OUTBOUND' }.channel", equalTo("email"))
                .body("messages.find { it.direction == 'OUTBOUND' }.routingDecision.candidates[0].reasons[0].code",
                        equalTo("NOT_ALLOWED_BY_PREFERENCES"));
    }

    @Test
    void afterStopBySmsTheNextReplyFallsBackWithTheReason() {
        Customer c = webAndSmsCustomer();
        Replies.reply(c.smsRequest(), "First answer").then().statusCode(201).body("channel", equalTo("sms"));

        Map<String, String> stop = Inbound.smsInbound();
        stop.put("From", c.phone());
        stop.put("Body", "STOP");
        Webhooks.sms("/webhooks/sms", stop).then().statusCode(200);

        Replies.reply(c.smsRequest(), "Second answer").then().statusCode(201)
                .body("channel", equalTo("email"))
                .body("decision.candidates.find { it.channel == 'sms' }.reasons.code", hasItem("CONSENT_WITHDRAWN"));
        given().get("/api/v1/customers/" + c.id() + "/consents").then().statusCode(200)
                .body("current.find { it.channel == 'sms' && it.purpose == 'SERVICE' }.granted", equalTo(false))
                .body("history.find { it.channel == 'sms' && it.action == 'WITHDRAWN' }.evidence.keyword",
                        equalTo(true));
    }

    @Test
    void afterStopWithNoOtherChannelTheReplyIsHeld() {
        Map<String, String> sms = Inbound.smsInbound();
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String customerId = given().queryParam("phone", sms.get("From")).get("/api/v1/customers").then()
                .extract().path("id");
        String requestId = given().queryParam("customerId", customerId).get("/api/v1/requests").then()
                .extract().path("items[0].id");
        Map<String, String> stop = Inbound.smsInbound();
        stop.put("From", sms.get("From"));
        stop.put("Body", "стоп");
        Webhooks.sms("/webhooks/sms", stop).then().statusCode(200);

        Replies.reply(requestId, "Are you there?").then().statusCode(201)
                .body("status", equalTo("HELD"))
                .body("decision.outcome", equalTo("HELD"))
                .body("decision.candidates[0].reasons.code", hasItem("CONSENT_WITHDRAWN"));
        given().get("/api/v1/requests/" + requestId).then()
                .body("messages.find { it.direction == 'OUTBOUND' }.deliveryStatus", equalTo("HELD"));
    }

    @Test
    void aLiveConversationIsNeverThrottledButMarketingIsCapped() {
        var created = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract();
        String requestId = created.path("requestId");
        // one more service reply than the cap (20 an hour): a live chat goes on
        for (int i = 1; i <= 21; i++) {
            Replies.reply(requestId, "Answer " + i).then().statusCode(201).body("decision.outcome", equalTo("ROUTED"));
        }
        Replies.consent(created.path("customerId"), "web", "MARKETING", "GRANT").then().statusCode(201);
        given().contentType("application/json").body(Map.of("text", "Our spring offer", "purpose", "MARKETING"))
                .post("/api/v1/requests/" + requestId + "/replies").then().statusCode(201)
                .body("status", equalTo("HELD"))
                .body("decision.candidates[0].reasons.code", hasItem("FREQUENCY_CAP_REACHED"));
    }

    @Test
    void quietHoursDeferTheReplyUntilTheyEnd() {
        Customer c = webAndSmsCustomer();
        LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Replies.preferences(c.id(), Map.of("quietHours", Map.of("start", now.minusSeconds(5).toString(),
                "end", now.plusSeconds(4).toString(), "timeZone", "UTC"))).then().statusCode(200);
        try (KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms")) {
            String messageId = Replies.reply(c.smsRequest(), "Good morning!").then().statusCode(201)
                    .body("status", equalTo("DEFERRED"))
                    .body("channel", equalTo("sms"))
                    .extract().path("messageId");
            assertThat(smsTopic.await(r -> true, 0, Duration.ofSeconds(1)).stream()
                    .anyMatch(r -> messageId.equals(r.id()))).as("nothing during quiet hours").isFalse();
            smsTopic.await(r -> messageId.equals(r.id()), 1, WAIT);
        }
    }

    @Test
    void consentWithdrawnAfterTheReplyButBeforeDispatchStopsTheSend() {
        Customer c = webAndSmsCustomer();
        try (KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms")) {
            String messageId = deferredReply(c);
            Replies.consent(c.id(), "sms", "SERVICE", "WITHDRAW").then().statusCode(201);

            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + c.smsRequest())
                    .then().body("messages.find { it.id == '" + messageId + "' }.deliveryStatus", equalTo("HELD"))
                    .body("messages.find { it.id == '" + messageId + "' }.routingDecision.candidates"
                            + ".find { it.channel == 'sms' }.reasons.code", hasItem("CONSENT_WITHDRAWN")));
            smsTopic.await(r -> true, 0, Duration.ofSeconds(2));
            assertThat(smsTopic.seen()).noneMatch(r -> messageId.equals(r.id()));
        }
    }

    /**
     * The check before a send trusts a cached policy only when it has the stored version. Here consent is withdrawn
     * behind the cache's back (as if the invalidation were lost: written straight to the database, version moved on,
     * nothing invalidated), and the reply must still be held.
     */
    @Test
    void aWithdrawalTheCacheNeverHeardOfStillStopsTheSend() {
        Customer c = webAndSmsCustomer();
        try (KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms")) {
            String messageId = deferredReply(c); // routing reads the policy through the cache, which keeps it
            pool.preparedQuery("UPDATE consent SET granted = false WHERE customer_id = $1::uuid AND channel = 'sms'"
                    + " AND purpose = 'SERVICE'").execute(Tuple.of(c.id())).await().indefinitely();
            pool.preparedQuery("UPDATE customer SET policy_version = policy_version + 1 WHERE id = $1::uuid")
                    .execute(Tuple.of(c.id())).await().indefinitely();

            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + c.smsRequest())
                    .then().body("messages.find { it.id == '" + messageId + "' }.deliveryStatus", equalTo("HELD")));
            smsTopic.await(r -> true, 0, Duration.ofSeconds(2));
            assertThat(smsTopic.seen()).noneMatch(r -> messageId.equals(r.id()));
        }
    }

    /** A reply on the customer's SMS request, deferred by quiet hours that end in three seconds. */
    private static String deferredReply(Customer c) {
        LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Replies.preferences(c.id(), Map.of("quietHours", Map.of("start", now.minusSeconds(5).toString(),
                "end", now.plusSeconds(3).toString(), "timeZone", "UTC"))).then().statusCode(200);
        return Replies.reply(c.smsRequest(), "Deferred answer").then().statusCode(201)
                .body("status", equalTo("DEFERRED")).extract().path("messageId");
    }

    @Test
    void repliesDueTogetherAreCheckedEachAgainstItsOwnCustomer() {
        LocalTime now = LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> quiet = Map.of("quietHours", Map.of("start", now.minusSeconds(5).toString(),
                "end", now.plusSeconds(8).toString(), "timeZone", "UTC"));
        List<Customer> customers = List.of(webAndSmsCustomer(), webAndSmsCustomer(), webAndSmsCustomer());
        try (KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms")) {
            List<String> replies = new java.util.ArrayList<>();
            for (Customer c : customers) {
                Replies.preferences(c.id(), quiet).then().statusCode(200);
                // all three wait for the same end of quiet hours, so the relay checks them in one batch
                replies.add(Replies.reply(c.smsRequest(), "Answer for " + c.id()).then().statusCode(201)
                        .body("status", equalTo("DEFERRED")).extract().path("messageId"));
            }
            Customer withdrawn = customers.get(1);
            Replies.consent(withdrawn.id(), "sms", "SERVICE", "WITHDRAW").then().statusCode(201);

            List<KafkaTopic.Record> sent = smsTopic.await(r -> replies.contains(r.id()), 2, WAIT);
            smsTopic.await(r -> true, 0, Duration.ofSeconds(2));
            assertThat(smsTopic.seen()).filteredOn(r -> replies.contains(r.id())).hasSize(2);
            for (int i : new int[] { 0, 2 }) {
                Customer c = customers.get(i);
                JsonPath payload = JsonPath.from(sent.stream().filter(r -> r.id().equals(replies.get(customers
                        .indexOf(c)))).findFirst().orElseThrow().value());
                assertThat(payload.getString("customerId")).isEqualTo(c.id());
                assertThat(payload.getString("requestId")).isEqualTo(c.smsRequest());
                assertThat(payload.getString("text")).isEqualTo("Answer for " + c.id());
            }
            given().get("/api/v1/requests/" + withdrawn.smsRequest()).then()
                    .body("messages.find { it.id == '" + replies.get(1) + "' }.deliveryStatus", equalTo("HELD"))
                    .body("messages.find { it.id == '" + replies.get(1) + "' }.routingDecision.candidates"
                            + ".find { it.channel == 'sms' }.reasons.code", hasItem("CONSENT_WITHDRAWN"));
        }
    }

    @Test
    void chatbotPushIsRetriedWithBackoffAndDeliveredExactlyOnce() {
        ObjectNode chat = Inbound.chatbotMessage();
        String requestId = Webhooks.chatbot(chat.toString()).then().statusCode(200).extract().path("requestId");
        // handed off first: the bot's handoff.accepted notice is pushed before the failures are queued for the reply
        ObjectNode handoff = chat.deepCopy().put("type", "handoff").put("eventId", "evt-" + Samples.unique());
        handoff.remove("text");
        handoff.putArray("transcript").addObject().put("author", "bot").put("text", "Passing you on")
                .put("sentAt", "2026-11-22T10:00:02Z");
        Webhooks.chatbot(handoff.toString()).then().statusCode(200).body("status", equalTo("NEW"));
        Awaitility.await().atMost(WAIT).until(() -> BotPlatformStub.received().stream()
                .anyMatch(p -> (requestId + ":handoff.accepted").equals(p.header("X-Omnihub-Notice-Id"))));
        BotPlatformStub.answerNext(500, 500);
        String messageId = Replies.reply(requestId, "An operator here: your order is on its way.").then()
                .statusCode(201).body("channel", equalTo("chatbot")).extract().path("messageId");

        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + requestId).then()
                .body("messages.find { it.id == '" + messageId + "' }.deliveryStatus", equalTo("SENT")));
        List<BotPlatformStub.Push> pushes = BotPlatformStub.received().stream()
                .filter(p -> messageId.equals(p.header("X-Omnihub-Message-Id"))).toList();
        assertThat(pushes).extracting(BotPlatformStub.Push::answered).containsExactly(500, 500, 200);
        for (BotPlatformStub.Push push : pushes) {
            String expected = io.omnihub.platform.Signatures.chatbot(Webhooks.BOT_SECRET,
                    push.header("X-Omnihub-Timestamp"), push.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(push.header("X-Omnihub-Signature")).isEqualTo(expected);
            assertThat(JsonPath.from(push.body()).getString("conversationId"))
                    .isEqualTo(chat.get("conversationId").asText());
        }
    }
}
