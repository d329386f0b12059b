package io.omnihub.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Auth;
import io.omnihub.support.BotPlatformStub;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The relay publishes an attempt and then commits that it did, so a consumer may read the attempt, or an adapter
 * report on it, a moment before the database shows it. Neither takes the attempt for a stale one: the chatbot push
 * and a receipt from Kafka wait for the commit, a receipt over HTTP is answered 503 with {@code Retry-After}. Here the
 * "moment" is a second: the record is written as the relay would, and the attempt recorded a second later. (Whether
 * the receipt consumer reads its record within that second is up to Kafka: that test shows the defect only when it
 * does; the HTTP one always does.)
 */
@QuarkusTest
class RecordedLateTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void aChatbotAttemptReadBeforeItWasRecordedIsPushedOnceItIs() throws Exception {
        ObjectNode chat = Inbound.chatbotMessage();
        String request = Webhooks.chatbot(chat.toString()).then().statusCode(200).extract().path("requestId");
        String message = Replies.reply(request, "Your parcel is at the depot.").then().statusCode(201)
                .body("channel", equalTo("chatbot")).extract().path("messageId");
        awaitStatus(request, message, "SENT");
        String first;
        try (KafkaTopic chatbot = new KafkaTopic("omnihub.replies.chatbot")) {
            first = chatbot.await(r -> message.equals(r.id()), 1, WAIT).get(0).value();
        }

        assertThat(first).contains("\"attempt\":1");
        KafkaTopic.send("omnihub.replies.chatbot", request, first.replace("\"attempt\":1", "\"attempt\":2"));
        Thread.sleep(1000);
        recordAttempt(message, 2);

        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(pushes(message)).as("attempts pushed")
                .containsExactly(1, 2));
        awaitStatus(request, message, "SENT");
    }

    @Test
    void aReceiptForAnAttemptNotRecordedYetIsAnsweredRetryLaterThenApplied() {
        String request = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
        String message = Replies.reply(request, "Your parcel is at the depot.").then().statusCode(201)
                .extract().path("messageId");
        awaitStatus(request, message, "DISPATCHED");
        Map<String, Object> sent = Map.of("messageId", message, "channel", "web", "status", "SENT", "attempt", 2);

        given().contentType(ContentType.JSON).header("X-Omnihub-Key", Auth.adapterKey("web")).body(sent)
                .post("/api/v1/receipts").then().statusCode(503).header("Retry-After", "1")
                .contentType("application/problem+json");
        awaitStatus(request, message, "DISPATCHED");
        recordAttempt(message, 2);
        given().contentType(ContentType.JSON).header("X-Omnihub-Key", Auth.adapterKey("web")).body(sent)
                .post("/api/v1/receipts").then().statusCode(200);
        awaitStatus(request, message, "SENT");
    }

    @Test
    void aReceiptOnKafkaForAnAttemptNotRecordedYetWaitsForIt() throws Exception {
        String request = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
        String message = Replies.reply(request, "Your parcel is at the depot.").then().statusCode(201)
                .extract().path("messageId");
        awaitStatus(request, message, "DISPATCHED");

        KafkaTopic.send("omnihub.receipts", message,
                "{\"messageId\":\"" + message + "\",\"channel\":\"web\",\"status\":\"SENT\",\"attempt\":2}");
        Thread.sleep(1000);
        recordAttempt(message, 2);

        awaitStatus(request, message, "SENT");
    }

    /** What the relay's commit does for a new attempt of a reply already on its channel. */
    private void recordAttempt(String message, int attempt) {
        int updated = pool.preparedQuery("UPDATE reply SET attempts = $2, status = 'DISPATCHED'"
                + " WHERE message_id = $1::uuid").execute(Tuple.of(message, attempt)).await().indefinitely().rowCount();
        assertThat(updated).isEqualTo(1);
    }

    private static List<Integer> pushes(String message) {
        return BotPlatformStub.received().stream().filter(p -> message.equals(p.header("X-Omnihub-Message-Id")))
                .filter(p -> p.answered() == 200).map(p -> JsonPath.from(p.body()).getInt("attempt")).toList();
    }

    private static void awaitStatus(String request, String message, String status) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + request).then()
                .body("messages.find { it.id == '" + message + "' }.deliveryStatus", equalTo(status)));
    }
}
