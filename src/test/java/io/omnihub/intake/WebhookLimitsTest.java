package io.omnihub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omnihub.support.Inbound;
import io.omnihub.support.Webhooks;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * Webhook rate limits are kept per bot and per SMS account, after the signature is checked: unsigned junk from the
 * same address (behind an ingress, every sender shares one) never spends a genuine sender's budget.
 */
@QuarkusTest
@TestProfile(WebhookLimitsTest.LowLimit.class)
class WebhookLimitsTest {

    public static class LowLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnihub.security.rate-limit", "4");
        }
    }

    @Test
    void unsignedJunkNeverSpendsAGenuineBotsBudgetWhileTheBotKeepsItsOwn() throws InterruptedException {
        waitForTheStartOfASecond();
        long second = Instant.now().getEpochSecond();
        for (int i = 0; i < 10; i++) {
            Webhooks.chatbotSigned("{\"type\":\"message\"}", Long.toString(second), "forged").then().statusCode(401);
        }
        List<Integer> genuine = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            genuine.add(Webhooks.chatbot(Inbound.chatbotMessage().toString()).statusCode());
        }
        assertThat(Instant.now().getEpochSecond()).as("the calls fit in one second").isEqualTo(second);

        assertThat(genuine.subList(0, 4)).as("the bot's first four of the second").containsOnly(200);
        assertThat(genuine.subList(4, 6)).as("over the bot's own limit").containsOnly(429);
    }

    private static void waitForTheStartOfASecond() throws InterruptedException {
        Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 5);
    }
}
