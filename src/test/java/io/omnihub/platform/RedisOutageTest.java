package io.omnihub.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.local.LocalInfrastructure;
import io.omnihub.support.Auth;
import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.omnihub.support.Samples;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Redis is an accelerator, never a dependency: with the real Redis server paused (SIGSTOP, so it accepts
 * connections and answers nothing), intake on every way in, consent changes and replies go on within a second each,
 * consent is read from PostgreSQL, and rate limits fall back to this replica's share. (The process-level version,
 * under constant load, is in the fault suite.)
 */
@QuarkusTest
class RedisOutageTest {

    private static final long BOUND_MS = 1000;

    @Test
    void withRedisPausedEverythingAnswersWithinASecondAndConsentStillHolds() {
        String phone = Samples.phone();
        ObjectNode web = Inbound.webMessage();
        ((ObjectNode) web.get("customer")).put("phone", phone);
        String customer = Inbound.submit(web).then().statusCode(201).extract().path("customerId");
        Map<String, String> sms = Inbound.smsInbound();
        sms.put("From", phone);
        Webhooks.sms("/webhooks/sms", sms).then().statusCode(200);
        String smsRequest = given().queryParam("customerId", customer).queryParam("channel", "sms")
                .get("/api/v1/requests").then().statusCode(200).extract().path("items[0].id");
        Replies.preview(smsRequest).then().statusCode(200).body("channel", equalTo("sms")); // cached now

        LocalInfrastructure.pauseRedis();
        try {
            List<Long> latencies = new ArrayList<>();
            timed(latencies, () -> Inbound.submit(Inbound.webMessage())).then().statusCode(201);
            timed(latencies, () -> Webhooks.sms("/webhooks/sms", Inbound.smsInbound())).then().statusCode(200);
            timed(latencies, () -> Webhooks.chatbot(Inbound.chatbotMessage().toString())).then().statusCode(200);
            timed(latencies, () -> Replies.consent(customer, "sms", "SERVICE", "WITHDRAW")).then().statusCode(201);
            timed(latencies, () -> Replies.reply(smsRequest, "Your refund is on its way")).then().statusCode(201)
                    .body("channel", not(equalTo("sms")))
                    .body("decision.candidates[0].reasons.code", org.hamcrest.Matchers.hasItem("CONSENT_WITHDRAWN"));
            for (int i = 0; i < 10; i++) {
                timed(latencies, () -> Inbound.submit(Inbound.webMessage())).then().statusCode(201);
            }
            assertThat(latencies).as("every call's milliseconds while Redis hangs").allSatisfy(
                    ms -> assertThat(ms).isLessThan(BOUND_MS));

            String limited = Auth.issue("limited-" + Samples.unique(), "web", null, 4);
            List<Integer> burst = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                burst.add(Inbound.submitAs(limited, Inbound.webMessage()).statusCode());
            }
            assertThat(burst).as("a credential's limit still holds, at this replica's share").contains(429)
                    .allSatisfy(status -> assertThat(status).isIn(201, 429));
        } finally {
            LocalInfrastructure.resumeRedis();
        }
        Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> given().get("/q/health/well")
                .then().body("checks.find { it.name == 'Redis' }.status", equalTo("UP")));
        Replies.preview(smsRequest).then().statusCode(200).body("channel", not(equalTo("sms")));
    }

    private static Response timed(List<Long> latencies, Supplier<Response> call) {
        Response response = call.get();
        latencies.add(response.getTimeIn(TimeUnit.MILLISECONDS));
        return response;
    }
}
