package io.omnihub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.platform.RedisGuard;
import io.omnihub.routing.CustomerPolicy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * A replica that invalidates a policy before it has read the cache's epoch (a start's erasure replay comes first since
 * 5 December) reads the epoch then, and still tells Redis and the other replicas: it told no one before, so another
 * replica kept serving the policy of a customer erased meanwhile. The other replica hears it after a Redis restart
 * too ({@code HealthTest} restarts Redis; in the same application after it, its subscription heard nothing before
 * it was made again on Redis's recovery).
 */
@QuarkusTest
class PolicyCacheEpochTest {

    @Inject
    PolicyCache running;
    @Inject
    RedisGuard redis;
    @Inject
    ObjectMapper json;
    @Inject
    Clock clock;

    @Test
    void anInvalidationBeforeTheEpochIsKnownReachesTheOtherReplicas() throws Throwable {
        UUID customer = UUID.randomUUID();
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            VertxContextSupport.subscribeAndAwait(() -> running.put(customer, running.generation(customer),
                    CustomerPolicy.none()));
            assertThat(VertxContextSupport.<CustomerPolicy> subscribeAndAwait(() -> running.get(customer)))
                    .as("cached by the running replica").isNotNull();
        });

        // a replica just started: its epoch unknown, its subscription not yet made
        PolicyCache starting = new PolicyCache(redis, json, clock);
        VertxContextSupport.subscribeAndAwait(() -> starting.invalidate(customer));

        Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                VertxContextSupport.<CustomerPolicy> subscribeAndAwait(() -> running.get(customer)))
                .as("the running replica's cached policy").isNull());
    }
}
