package io.omnihub.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.KafkaTopic;
import io.omnihub.support.Replies;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/** No reply is lost, none gets a new id on redelivery, failures retry then fall back, poison goes aside. */
@QuarkusTest
class DeliveryGuaranteesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void twoHundredRepliesAllArriveUnderTheirOwnIds() {
        List<String> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId"));
        }
        Set<String> sent = new HashSet<>();
        try (KafkaTopic web = new KafkaTopic("omnihub.replies.web")) {
            for (int i = 0; i < 200; i++) {
                sent.add(Replies.reply(requests.get(i % requests.size()), "Reply number " + i).then().statusCode(201)
                        .extract().path("messageId"));
            }
            web.await(r -> sent.contains(r.id()), 200, WAIT);
            Set<String> received = new HashSet<>();
            for (KafkaTopic.Record r : web.seen()) {
                if (sent.contains(r.id())) {
                    received.add(r.id());
                    assertThat(r.value()).contains("\"messageId\":\"" + r.id() + "\"");
                }
            }
            assertThat(received).isEqualTo(sent);
        }
    }

    @Test
    void aFailedSendIsRetriedUnderTheSameIdThenFallsBack() {
        String phone = io.omnihub.support.Samples.phone();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("phone", phone).remove("webVisitorId");
        Inbound.submit(web).then().statusCode(201);
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("From", phone);
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String customer = given().queryParam("phone", phone).get("/api/v1/customers").then().extract().path("id");
        String request = given().queryParam("customerId", customer).queryParam("channel", "sms")
                .get("/api/v1/requests").then().extract().path("items[0].id");

        try (KafkaTopic smsTopic = new KafkaTopic("omnihub.replies.sms");
                KafkaTopic email = new KafkaTopic("omnihub.replies.email")) {
            String id = Replies.reply(request, "Please confirm the address").then().statusCode(201)
                    .body("channel", equalTo("sms")).extract().path("messageId");
            // channels/sms/channel.yaml: maxAttempts 3
            for (int attempt = 1; attempt <= 3; attempt++) {
                int n = attempt;
                smsTopic.await(r -> id.equals(r.id()) && r.value().contains("\"attempt\":" + n), 1, WAIT);
                Replies.receipt(id, "sms", "FAILED").then().statusCode(200);
            }
            assertThat(smsTopic.seen().stream().filter(r -> id.equals(r.id())).count()).isEqualTo(3);
            email.await(r -> id.equals(r.id()), 1, WAIT);
        }
        given().get("/api/v1/requests/" + request).then()
                .body("messages.find { it.direction == 'OUTBOUND' }.channel", equalTo("email"))
                .body("messages.find { it.direction == 'OUTBOUND' }.routingDecision.candidates[0].reasons.code",
                        hasItem("ALREADY_FAILED"));
    }

    @Test
    void receiptsMoveStatusForwardOnlyAndSmsStatusCallbacksUpdateTheReply() {
        Map<String, String> sms = Inbound.smsInbound();
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String customer = given().queryParam("phone", sms.get("From")).get("/api/v1/customers").then()
                .extract().path("id");
        String request = given().queryParam("customerId", customer).get("/api/v1/requests").then()
                .extract().path("items[0].id");
        String id = Replies.reply(request, "Status test").then().statusCode(201).extract().path("messageId");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + request).then()
                .body("messages.find { it.id == '" + id + "' }.deliveryStatus", equalTo("DISPATCHED")));

        String sid = "SM" + io.omnihub.support.Samples.unique();
        given().contentType("application/json").header("X-Omnihub-Key", io.omnihub.support.Auth.adapterKey("sms"))
                .body(Map.of("messageId", id, "channel", "sms", "status", "SENT", "externalId", sid))
                .post("/api/v1/receipts").then().statusCode(200)
                .body("deliveryStatus", equalTo("SENT"));
        Map<String, String> callback = Webhooks.form(io.omnihub.support.Samples.text("sms", "status.form"));
        callback.put("MessageSid", sid);
        Webhooks.sms("/webhooks/sms/status", callback).then().statusCode(200);
        Webhooks.sms("/webhooks/sms/status", callback).then().statusCode(200); // the gateway's byte-identical retry
        given().get("/api/v1/requests/" + request).then()
                .body("messages.find { it.id == '" + id + "' }.deliveryStatus", equalTo("DELIVERED"));
        Replies.receipt(id, "sms", "SENT").then().statusCode(200).body("deliveryStatus", equalTo("DELIVERED"));
        Replies.receipt(id, "web", "READ").then().statusCode(404);
        callback.put("MessageSid", "SM-unknown");
        Webhooks.sms("/webhooks/sms/status", callback).then().statusCode(404);
    }

    @Test
    void receiptsArriveThroughKafkaAndPoisonGoesToTheDeadLetterTopic() {
        String request = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
        String id = Replies.reply(request, "Kafka receipt").then().statusCode(201).extract().path("messageId");
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + request).then()
                .body("messages.find { it.id == '" + id + "' }.deliveryStatus", equalTo("DISPATCHED")));
        try (KafkaTopic dlq = new KafkaTopic("omnihub.receipts.dlq");
                KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("omnihub.receipts", id,
                    "{\"messageId\":\"" + id + "\",\"channel\":\"web\",\"status\":\"DELIVERED\"}"));
            producer.send(new ProducerRecord<>("omnihub.receipts", "poison", "this is not a receipt"));
            producer.flush();
            Awaitility.await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/requests/" + request).then()
                    .body("messages.find { it.id == '" + id + "' }.deliveryStatus", equalTo("DELIVERED")));
            dlq.await(r -> "this is not a receipt".equals(r.value()), 1, WAIT);
        }
    }

    @Test
    void badRepliesAreRefusedAndStoreNothing() {
        String request = Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
        long before = Db.count(pool, "SELECT count(*) FROM message WHERE direction = 'OUTBOUND'");
        Replies.reply(java.util.UUID.randomUUID().toString(), "hello").then().statusCode(404)
                .contentType("application/problem+json");
        Replies.reply(request, "  ").then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("text", "Buy now", "purpose", "MARKETING"))
                .post("/api/v1/requests/" + request + "/replies").then().statusCode(422)
                .contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("text", "x", "purpose", "SPAM"))
                .post("/api/v1/requests/" + request + "/replies").then().statusCode(400);
        assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE direction = 'OUTBOUND'")).isEqualTo(before);
    }

    @Test
    void aConsentChangeIsSeenByTheSendPathWithinOneSecond() {
        ObjectNode web = Inbound.webMessage();
        var created = Inbound.submit(web).then().statusCode(201).extract();
        String request = created.path("requestId");
        String customer = created.path("customerId");
        Replies.preview(request).then().statusCode(200).body("channel", equalTo("web"));
        Replies.consent(customer, "web", "SERVICE", "WITHDRAW").then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> Replies.preview(request).then()
                .body("candidates[0].reasons.code", hasItem("CONSENT_WITHDRAWN")));
        Replies.consent(customer, "web", "SERVICE", "GRANT").then().statusCode(201);
        Awaitility.await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> Replies.preview(request).then()
                .body("channel", equalTo("web")));
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", ConfigProvider.getConfig().getValue("omnihub.kafka.bootstrap-servers", String.class));
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}
