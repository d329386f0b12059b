package io.omnihub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.omnihub.platform.Signatures;
import io.omnihub.support.Db;
import io.omnihub.support.Inbound;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Gateways and bot platforms retry: a byte-identical re-delivery of a webhook that was processed is answered as the
 * duplicate it is (same status and ids), never refused, and stores nothing twice.
 */
@QuarkusTest
class WebhookRetryTest {

    @Inject
    Pool pool;

    @Test
    void aByteIdenticalSmsRetryIsAnsweredLikeTheFirstDelivery() {
        Map<String, String> form = Inbound.smsInbound();
        String signature = Webhooks.sign("/webhooks/sms", form);

        Response first = Webhooks.smsSigned("/webhooks/sms", form, signature);
        Response retry = Webhooks.smsSigned("/webhooks/sms", form, signature);

        first.then().statusCode(200).body(containsString("<Response/>"));
        retry.then().statusCode(200).contentType(containsString("xml")).body(equalTo(first.body().asString()));
        assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE channel = 'sms' AND external_id = $1",
                form.get("MessageSid"))).isEqualTo(1);
    }

    @Test
    void aByteIdenticalChatbotRedeliveryWithinItsWindowGetsTheSameIdsFlaggedDuplicate() {
        String body = Inbound.chatbotMessage().toString();
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = Signatures.chatbot(Webhooks.BOT_SECRET, ts, body.getBytes(StandardCharsets.UTF_8));

        Response first = Webhooks.chatbotSigned(body, ts, signature);
        Response again = Webhooks.chatbotSigned(body, ts, signature);

        first.then().statusCode(200).body("duplicate", equalTo(false));
        again.then().statusCode(200)
                .body("duplicate", equalTo(true))
                .body("requestId", equalTo(first.path("requestId")))
                .body("messageId", equalTo(first.path("messageId")))
                .body("customerId", equalTo(first.path("customerId")));
        assertThat(Db.count(pool, "SELECT count(*) FROM message WHERE request_id = $1::uuid",
                first.<String> path("requestId"))).isEqualTo(1);
    }

    @Test
    void aRepeatedStopKeywordIsAnsweredAndChangesNothingMore() {
        Map<String, String> form = Inbound.smsInbound();
        form.put("Body", "STOP");
        String signature = Webhooks.sign("/webhooks/sms", form);

        Webhooks.smsSigned("/webhooks/sms", form, signature).then().statusCode(200);
        long events = Db.count(pool, "SELECT count(*) FROM consent_event");
        Webhooks.smsSigned("/webhooks/sms", form, signature).then().statusCode(200);

        assertThat(Db.count(pool, "SELECT count(*) FROM consent_event")).isEqualTo(events);
    }

}
