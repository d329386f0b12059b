package io.omnihub.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class AdapterIntakeTest {

    private static final String EARLIER_IDS = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query ILIKE 'select m1_0.external_id from message%'";

    @Inject
    Pool pool;

    @Test
    void webMessageStartsARequestOnANewProfile() {
        ObjectNode m = Inbound.webMessage();
        Response created = Inbound.submit(m);
        created.then().statusCode(201)
                .body("outcome", equalTo("NEW_REQUEST"))
                .body("newRequest", equalTo(true))
                .body("duplicate", equalTo(false));
        String requestId = created.path("requestId");

        given().get("/api/v1/requests/" + requestId).then().statusCode(200)
                .body("originChannel", equalTo("web"))
                .body("status", equalTo("NEW"))
                .body("subject", equalTo("Order 5531 not delivered"))
                .body("messages", hasSize(1))
                .body("messages[0].channel", equalTo("web"))
                .body("messages[0].channelName", equalTo("Web site"))
                .body("messages[0].author", equalTo("CUSTOMER"))
                .body("messages[0].text", equalTo(m.get("text").asText()))
                .body("messages[0].attachments[0].name", equalTo("receipt.pdf"));
    }

    @Test
    void messageOnTheSameThreadIsAppended() {
        ObjectNode first = Inbound.webMessage();
        String requestId = Inbound.submit(first).then().statusCode(201).extract().path("requestId");
        ObjectNode second = first.deepCopy().put("externalId", "web-" + Samples.unique()).put("text", "Any news?");
        Inbound.submit(second).then().statusCode(200)
                .body("outcome", equalTo("APPENDED"))
                .body("requestId", equalTo(requestId));
        given().get("/api/v1/requests/" + requestId).then().body("messages.text",
                org.hamcrest.Matchers.contains(first.get("text").asText(), "Any news?"));
    }

    /**
     * Only a chatbot's conversation repeats turns (a hand-off's transcript), so a follow-up on a people's channel is
     * not checked against its request's earlier messages (the old code read their ids for every follow-up); its
     * redelivery is still answered by the intake's receipt and stores nothing.
     */
    @Test
    void aFollowUpOnAPeoplesChannelReadsNoEarlierMessagesAndItsRedeliveryStoresNothing() {
        ObjectNode first = Inbound.webMessage();
        String requestId = Inbound.submit(first).then().statusCode(201).extract().path("requestId");
        ObjectNode second = first.deepCopy().put("externalId", "web-" + Samples.unique()).put("text", "Any news?");
        long reads = Db.count(pool, EARLIER_IDS);
        String messageId = Inbound.submit(second).then().statusCode(200).body("outcome", equalTo("APPENDED"))
                .extract().path("messageId");
        assertThat(Db.count(pool, EARLIER_IDS) - reads).as("reads of the request's earlier message ids").isZero();

        Inbound.submit(second).then().statusCode(200).body("duplicate", equalTo(true))
                .body("messageId", equalTo(messageId));
        assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1::uuid", requestId))
                .as("the first message and the follow-up, once").isEqualTo(2);
    }

    @Test
    void duplicateReturnsTheOriginalResultAndStoresNothing() {
        ObjectNode m = Inbound.webMessage();
        Response original = Inbound.submit(m);
        original.then().statusCode(201);
        Inbound.submit(m).then().statusCode(200)
                .body("duplicate", equalTo(true))
                .body("requestId", equalTo(original.path("requestId")))
                .body("messageId", equalTo(original.path("messageId")))
                .body("outcome", equalTo("NEW_REQUEST"));
        assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE external_id = $1", m.get("externalId").asText()))
                .isEqualTo(1);
    }

    @Test
    void sameIdWithDifferentContentIsAConflict() {
        ObjectNode m = Inbound.webMessage();
        Inbound.submit(m).then().statusCode(201);
        Inbound.submit(m.deepCopy().put("text", "something else")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", startsWith("https://omnihub.io/problems/external-id-reused"));
    }

    @Test
    void fiftyConcurrentIdenticalPostsGiveExactlyOneMessage() throws Exception {
        ObjectNode m = Inbound.webMessage();
        ExecutorService pool50 = Executors.newFixedThreadPool(50);
        List<String> requestIds = new ArrayList<>();
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                posts.add(() -> Inbound.submit(m));
            }
            int created = 0;
            for (Future<Response> f : pool50.invokeAll(posts)) {
                Response r = f.get();
                assertThat(r.statusCode()).isIn(200, 201);
                created += r.statusCode() == 201 ? 1 : 0;
                requestIds.add(r.path("requestId"));
            }
            assertThat(created).isEqualTo(1);
            assertThat(requestIds).containsOnly(requestIds.get(0));
        } finally {
            pool50.shutdownNow();
        }
        String externalId = m.get("externalId").asText();
        assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE external_id = $1", externalId)).isEqualTo(1);
        assertThat(Db.count(pool, "SELECT count(*) FROM inbound_receipt WHERE external_id = $1", externalId))
                .isEqualTo(1);
        // the receipt's statement writes the events too: a duplicate's, which found the receipt there, rolled back
        assertThat(Db.count(pool, "SELECT count(*) FROM outbox WHERE type IN ('request.created', 'message.received')"
                + " AND payload ->> 'requestId' = $1", requestIds.get(0))).as("the events of the one message")
                .isEqualTo(2);
    }

    @Test
    void twentyFirstMessagesOfOneNewCustomerAtOnceMakeOneProfile() throws Exception {
        String email = Samples.email();
        ExecutorService pool20 = Executors.newFixedThreadPool(20);
        try {
            List<Callable<Response>> posts = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ObjectNode m = Inbound.webMessage();
                ((ObjectNode) m.get("customer")).put("email", email);
                posts.add(() -> Inbound.submit(m));
            }
            List<String> customers = new ArrayList<>();
            for (Future<Response> f : pool20.invokeAll(posts)) {
                Response r = f.get();
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
                customers.add(r.path("customerId"));
            }
            // racing first messages may each start a profile; the losers are merged into one golden record
            List<String> active = customers.stream().distinct()
                    .filter(c -> "ACTIVE".equals(given().get("/api/v1/customers/" + c).then().statusCode(200)
                            .extract().path("status")))
                    .toList();
            assertThat(active).hasSize(1);
        } finally {
            pool20.shutdownNow();
        }
    }
}
