package io.omnihub.intake;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.platform.Signatures;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class WebhookIntakeTest {

    @Inject
    Pool pool;

    @Test
    void signedChatbotMessageIsAccepted() {
        Webhooks.chatbot(Inbound.chatbotMessage().toString()).then().statusCode(200)
                .body("outcome", equalTo("NEW_REQUEST"));
    }

    @Test
    void previousSecretStillWorksDuringRotation() {
        Webhooks.chatbot(Inbound.chatbotMessage().toString(), Instant.now().getEpochSecond(), "test-bot-secret-previous")
                .then().statusCode(200);
    }

    @Test
    void tamperedExpiredAndForgedChatbotRequestsAreRejectedAndAReplayStoresNothing() {
        String body = Inbound.chatbotMessage().toString();
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = Signatures.chatbot(Webhooks.BOT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8));
        long before = messages();

        Webhooks.chatbotSigned(body.replace("Where is", "Where was"), ts, signature).then().statusCode(401)
                .contentType("application/problem+json");
        Webhooks.chatbot(body, Instant.now().getEpochSecond() - 301, Webhooks.BOT_SECRET).then().statusCode(401);
        Webhooks.chatbot(body, Instant.now().getEpochSecond(), "a-guessed-secret").then().statusCode(401);
        Webhooks.chatbotSigned(body, ts, null).then().statusCode(401);
        given().contentType("application/json").body(body).post("/webhooks/chatbot/unknown-bot").then()
                .statusCode(404);
        assertThat(messages()).isEqualTo(before);

        Webhooks.chatbotSigned(body, ts, signature).then().statusCode(200);
        // within its window, a captured request sent again is answered as the duplicate it is, and stores nothing
        Webhooks.chatbotSigned(body, ts, signature).then().statusCode(200).body("duplicate", equalTo(true));
        assertThat(messages()).isEqualTo(before + 1);
    }

    @Test
    void handOffStoresTheTranscriptInOrderWithBotTurnsLabelled() {
        ObjectNode first = Inbound.chatbotMessage();
        Response r1 = Webhooks.chatbot(first.toString());
        r1.then().statusCode(200);
        ObjectNode handoff = Samples.json("chatbot", "handoff.json");
        handoff.put("eventId", "evt-" + Samples.unique());
        handoff.set("conversationId", first.get("conversationId"));
        handoff.set("user", first.get("user"));
        ((ObjectNode) handoff.get("transcript").get(0)).set("id", first.get("eventId"));
        Webhooks.chatbot(handoff.toString()).then().statusCode(200)
                .body("requestId", equalTo(r1.path("requestId")))
                .body("outcome", equalTo("APPENDED"));

        given().get("/api/v1/requests/" + r1.path("requestId")).then().statusCode(200)
                .body("messages.author", contains("CUSTOMER", "BOT", "CUSTOMER", "BOT"))
                .body("messages.channel", contains("chatbot", "chatbot", "chatbot", "chatbot"))
                .body("messages[1].authorRef", equalTo("test-bot"))
                .body("messages[0].text", equalTo("Where is my order 5531?"));
    }

    @Test
    void signedSmsIsAcceptedAndAnsweredWithTwiml() {
        Map<String, String> form = Inbound.smsInbound();
        Webhooks.sms("/webhooks/sms", form).then().statusCode(200)
                .contentType(containsString("xml"))
                .body(containsString("<Response/>"));
        assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE channel = 'sms' AND external_id = $1",
                form.get("MessageSid"))).isEqualTo(1);
    }

    @Test
    void tamperedUnsignedAndUnknownAccountSmsAreRejectedAndAReplayStoresNothing() {
        Map<String, String> form = Inbound.smsInbound();
        String signature = Webhooks.sign("/webhooks/sms", form);
        long before = messages();

        Map<String, String> tampered = new java.util.LinkedHashMap<>(form);
        tampered.put("Body", "Send the refund to another card");
        Webhooks.smsSigned("/webhooks/sms", tampered, signature).then().statusCode(401);
        Webhooks.smsSigned("/webhooks/sms", form, null).then().statusCode(401);
        Map<String, String> otherAccount = new java.util.LinkedHashMap<>(form);
        otherAccount.put("AccountSid", "ACunknown");
        Webhooks.sms("/webhooks/sms", otherAccount).then().statusCode(401);
        assertThat(messages()).isEqualTo(before);

        Webhooks.smsSigned("/webhooks/sms", form, signature).then().statusCode(200);
        Webhooks.smsSigned("/webhooks/sms", form, signature).then().statusCode(200); // a retry, or a harmless replay
        assertThat(messages()).isEqualTo(before + 1);
    }

    @Test
    void invalidPhoneInAnSmsIsABadRequest() {
        Map<String, String> form = Inbound.smsInbound();
        form.put("From", "not-a-phone");
        Webhooks.sms("/webhooks/sms", form).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("From"));
    }

    private long messages() {
        return Db.count(pool, "SELECT count(*) FROM message");
    }
}
