package io.omnihub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.platform.RedisGuard;
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
            return Map.of("omnihub.security.rate-limit", "2");
        }
    }

    @Inject
    RedisGuard redis;

    @Test
    void unsignedJunkNeverSpendsAGenuineBotsBudgetWhileTheBotKeepsItsOwn() throws Exception {
        for (int i = 0; i < 3; i++) { // warm the paths up, so a round fits in one second
            Webhooks.chatbot(Inbound.chatbotMessage().toString());
        }
        ExecutorService callers = Executors.newFixedThreadPool(10);
        try {
            for (int round = 0; round < 8; round++) {
                // the budget under test is Redis's: a cold JVM on a busy machine can time Redis out and open the
                // breaker, and the fallback limiter (tested on its own) then counts instead
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(redis::available);
                waitForTheStartOfASecond();
                long second = Instant.now().getEpochSecond();
                List<Future<Integer>> junk = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    junk.add(callers.submit(() -> Webhooks.chatbotSigned("{\"type\":\"message\"}",
                            Long.toString(second), "forged").statusCode()));
                }
                for (Future<Integer> f : junk) {
                    assertThat(f.get()).as("unsigned junk is refused before any limit").isEqualTo(401);
                }
                List<Future<Integer>> genuine = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    genuine.add(callers.submit(() -> Webhooks.chatbot(Inbound.chatbotMessage().toString())
                            .statusCode()));
                }
                List<Integer> answers = new ArrayList<>();
                for (Future<Integer> f : genuine) {
                    answers.add(f.get());
                }
                if (Instant.now().getEpochSecond() != second || !redis.available()) {
                    continue; // this machine was too slow for one second, or Redis for its timeout: again
                }
                assertThat(answers).as("the bot's own budget of 2 a second, untouched by the junk")
                        .containsExactlyInAnyOrder(200, 200, 429);
                return;
            }
            throw new AssertionError("no round fitted in one second");
        } finally {
            callers.shutdownNow();
        }
    }

    private static void waitForTheStartOfASecond() throws InterruptedException {
        Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 5);
    }
}
