package io.omnihub.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.consent.ConsentChange;
import io.omnihub.consent.ConsentEvent;
import io.omnihub.consent.ConsentService;
import io.omnihub.routing.Purpose;
import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** A held reply keeps its request in the queue, is listed, and goes again when it may: by itself after START. */
@QuarkusTest
class HeldRepliesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    ConsentService consents;

    @Inject
    HeldRepliesSweep sweep;

    /** An SMS customer who texted STOP, and the reply an operator wrote after: held. */
    record Held(String phone, String customerId, String requestId, String messageId) {
    }

    private static Held heldReply() {
        Inbound.SmsCustomer c = Inbound.smsCustomer();
        Inbound.text(c.phone(), "STOP");
        String messageId = Replies.reply(c.requestId(), "Your card is on its way.").then().statusCode(201)
                .body("status", equalTo("HELD")).extract().path("messageId");
        return new Held(c.phone(), c.customerId(), c.requestId(), messageId);
    }

    @Test
    void aHeldReplyKeepsItsRequestInTheQueueAndGoesByItselfWhenTheCustomerTextsStart() {
        Held h = heldReply();
        // nobody was answered: the request still waits for an operator
        given().get("/api/v1/requests/" + h.requestId()).then().body("status", equalTo("OPEN"));
        JsonPath list = given().queryParam("limit", 200).get("/api/v1/replies/held").then().statusCode(200)
                .extract().jsonPath();
        String entry = "find { it.messageId == '" + h.messageId() + "' }";
        assertThat(list.getString(entry + ".requestId")).isEqualTo(h.requestId());
        assertThat(list.getString(entry + ".sendableNow")).isNull();
        assertThat(list.getList(entry + ".decision.candidates[0].reasons.code", String.class))
                .contains("CONSENT_WITHDRAWN");

        try (KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms")) {
            Inbound.text(h.phone(), "START");
            KafkaTopic.Record sent = smsTopic.await(r -> h.messageId().equals(r.id()), 1, WAIT).get(0);
            JsonPath payload = JsonPath.from(sent.value());
            assertThat(payload.getString("text")).isEqualTo("Your card is on its way.");
            assertThat(payload.getString("to.value")).startsWith(h.phone() + ">"); // the SMS thread: from > to
        }
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + h.requestId()).then()
                .body("status", equalTo("WAITING_CUSTOMER"))
                .body("messages.find { it.id == '" + h.messageId() + "' }.deliveryStatus",
                        org.hamcrest.Matchers.not("HELD")));
        given().queryParam("limit", 200).get("/api/v1/replies/held").then()
                .body("find { it.messageId == '" + h.messageId() + "' }", nullValue());
    }

    /**
     * The reaction to the customer's START runs once, after the START's commit: a replica that stops first, or a pool
     * that sheds the reaction in a surge, leaves the reply held. Here the START's change is committed as the intake
     * commits it, with no reaction after it and the policy the list just cached left in the cache; the sweep sends the
     * reply, once.
     */
    @Test
    void aHeldReplyWhoseStartTheReactionMissedGoesWithTheSweep() throws Throwable {
        Held h = heldReply();
        given().queryParam("limit", 200).get("/api/v1/replies/held").then().statusCode(200); // caches the policy
        startWithoutTheReaction(h.customerId());
        assertThat(status(h.messageId())).as("with no reaction, nothing moves it").isEqualTo("HELD");

        try (KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms")) {
            assertThat(VertxContextSupport.subscribeAndAwait(() -> sweep.run())).isPositive();
            KafkaTopic.Record sent = smsTopic.await(r -> h.messageId().equals(r.id()), 1, WAIT).get(0);
            assertThat(JsonPath.from(sent.value()).getString("text")).isEqualTo("Your card is on its way.");
            assertThat(status(h.messageId())).isNotEqualTo("HELD");
            VertxContextSupport.subscribeAndAwait(() -> sweep.run());
            assertThat(smsTopic.over(r -> h.messageId().equals(r.id()), Duration.ofSeconds(2))).as("sent once")
                    .hasSize(1);
        }
    }

    /** A decision stored without its time (none since V10) counts from the reply's writing, and stops no run. */
    @Test
    void aHeldReplyWhoseDecisionHasNoTimeGoesWithTheSweepToo() throws Throwable {
        Held h = heldReply();
        pool.preparedQuery("UPDATE reply SET routing_decision = '{\"outcome\": \"HELD\"}' WHERE message_id = $1::uuid")
                .execute(Tuple.of(h.messageId())).await().indefinitely();
        startWithoutTheReaction(h.customerId());
        assertThat(VertxContextSupport.subscribeAndAwait(() -> sweep.run())).isPositive();
        assertThat(status(h.messageId())).isNotEqualTo("HELD");
    }

    /** The START's consent change, committed as the intake commits it, with no reaction after it. */
    private void startWithoutTheReaction(String customerId) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> consents.recordChanged(List.of(
                new ConsentChange(UUID.fromString(customerId), "sms", Purpose.SERVICE, ConsentEvent.Action.GRANTED,
                        "sms-keyword", "sms", ConsentEvent.BY_CUSTOMER, Map.of("keyword", true))))));
    }

    @Test
    void anOldHeldReplyIsOnlyOfferedAndAnOperatorSendsItAgain() {
        Held h = heldReply();
        pool.preparedQuery("UPDATE reply SET created_at = now() - interval '3 days' WHERE message_id = $1::uuid")
                .execute(Tuple.of(h.messageId())).await().indefinitely();
        Inbound.text(h.phone(), "START");
        // offered: it could go by SMS now, and it stays held until someone sends it
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("limit", 200)
                .get("/api/v1/replies/held").then()
                .body("find { it.messageId == '" + h.messageId() + "' }.sendableNow", equalTo("sms")));
        assertThat(status(h.messageId())).isEqualTo("HELD");

        // another team's operator: as if it did not exist
        given().header("Authorization", Auth.bearer("op-elsewhere", List.of("operator"), List.of("elsewhere")))
                .post("/api/v1/requests/" + h.requestId() + "/replies/" + h.messageId() + "/resend").then()
                .statusCode(404);
        given().header("Authorization", Auth.bearer("op-elsewhere", List.of("operator"), List.of("elsewhere")))
                .get("/api/v1/replies/held").then().statusCode(200)
                .body("messageId", org.hamcrest.Matchers.not(hasItem(h.messageId())));

        given().post("/api/v1/requests/" + h.requestId() + "/replies/" + h.messageId() + "/resend").then()
                .statusCode(200).body("status", equalTo("PENDING")).body("channel", equalTo("sms"));
        given().post("/api/v1/requests/" + h.requestId() + "/replies/" + h.messageId() + "/resend").then()
                .statusCode(409).contentType("application/problem+json");
    }

    @Test
    void aConsentAnOperatorRecordsOnlyOffersTheHeldReply() throws Throwable {
        Held h = heldReply();
        Replies.consent(h.customerId(), "sms", "SERVICE", "GRANT").then().statusCode(201);
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().queryParam("limit", 200)
                .get("/api/v1/replies/held").then()
                .body("find { it.messageId == '" + h.messageId() + "' }.sendableNow", equalTo("sms")));
        assertThat(status(h.messageId())).isEqualTo("HELD");
        VertxContextSupport.subscribeAndAwait(() -> sweep.run()); // the customer changed nothing themselves
        assertThat(status(h.messageId())).isEqualTo("HELD");
        // sent again while still not allowed: it stays held, with today's reasons
        Replies.consent(h.customerId(), "sms", "SERVICE", "WITHDRAW").then().statusCode(201);
        given().post("/api/v1/requests/" + h.requestId() + "/replies/" + h.messageId() + "/resend").then()
                .statusCode(200).body("status", equalTo("HELD"))
                .body("decision.candidates[0].reasons.code", hasItem("CONSENT_WITHDRAWN"));
    }

    private String status(String messageId) {
        return pool.preparedQuery("SELECT status FROM reply WHERE message_id = $1::uuid").execute(Tuple.of(messageId))
                .await().indefinitely().iterator().next().getString(0);
    }
}
