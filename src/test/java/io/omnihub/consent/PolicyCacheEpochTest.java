package io.omnihub.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.local.LocalInfrastructure;
import io.omnihub.platform.Json;
import io.omnihub.platform.RedisGuard;
import io.omnihub.routing.CustomerPolicy;
import io.omnihub.support.LogLines;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * A replica that invalidates a policy before it has read the cache's epoch (a start's erasure replay comes first since
 * 5 December) reads the epoch then, and still tells Redis and the other replicas: it told no one before, so another
 * replica kept serving the policy of a customer erased meanwhile. The other replica hears it after a Redis restart
 * too ({@code HealthTest} restarts Redis; in the same application after it, its subscription heard nothing before
 * it was made again on Redis's recovery). And a replica whose first read of the epoch gets no answer in time reads it
 * again soon after.
 */
@QuarkusTest
class PolicyCacheEpochTest {

    private static final int IN_FLIGHT = 8;

    @Inject
    PolicyCache running;
    @Inject
    RedisGuard redis;
    @Inject
    Json json;
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

    /**
     * Redis paused here; at a start, the first command on a new connection can take longer than the guard's timeout.
     * Before, the start read the epoch once, and the replica cached nothing until the next refresh, 5 s later
     * ({@code RoutingReadsTest}'s refused purpose failed 3 runs in 9 on that). This instance has no schedule: it would
     * never have learnt the epoch.
     */
    @Test
    void aStartWhoseEpochReadGetsNoAnswerInTimeReadsItAgain() throws Throwable {
        UUID customer = UUID.randomUUID();
        PolicyCache starting = new PolicyCache(redis, json, clock);
        LocalInfrastructure.pauseRedis();
        try {
            starting.learnEpoch();
            Thread.sleep(300); // past the guard's 200 ms timeout
        } finally {
            LocalInfrastructure.resumeRedis();
        }

        Awaitility.await().atMost(Duration.ofSeconds(8)).untilAsserted(() -> {
            VertxContextSupport.subscribeAndAwait(() -> starting.put(customer, starting.generation(customer),
                    CustomerPolicy.none()));
            assertThat(VertxContextSupport.<CustomerPolicy> subscribeAndAwait(() -> starting.get(customer)))
                    .as("cached by the replica that started while Redis did not answer").isNotNull();
        });
    }

    /**
     * Redis stops answering while several invalidations are in flight: they fail together, and one moves the cache to
     * a new epoch. One warning says so. Before, each failure warned that it was moving to a new epoch: hundreds of
     * lines in a benchmark surge, where the Redis guard tripped and came back a few times.
     */
    @Test
    void invalidationsThatFailTogetherWarnOnce() throws Throwable {
        PolicyCache replica = new PolicyCache(redis, json, clock);
        replica.learnEpoch();
        caches(replica, Duration.ofSeconds(5)); // its epoch known, so each invalidation goes to Redis
        ExecutorService callers = Executors.newFixedThreadPool(IN_FLIGHT);
        List<String> warnings;
        try (LogLines log = LogLines.capture()) {
            LocalInfrastructure.pauseRedis();
            try {
                List<Future<Void>> calls = new ArrayList<>();
                for (int i = 0; i < IN_FLIGHT; i++) {
                    calls.add(callers.submit(() -> {
                        try {
                            return VertxContextSupport.subscribeAndAwait(() -> replica.invalidate(UUID.randomUUID()));
                        } catch (Throwable e) {
                            throw new IllegalStateException(e);
                        }
                    }));
                }
                for (Future<Void> call : calls) {
                    call.get(5, TimeUnit.SECONDS); // each gives up at the guard's timeout, and never fails
                }
            } finally {
                LocalInfrastructure.resumeRedis();
                callers.shutdown();
            }
            warnings = log.lines().stream().filter(line -> line.startsWith("WARN " + PolicyCache.class.getName()))
                    .toList();
        }
        assertThat(warnings).containsExactly("WARN " + PolicyCache.class.getName()
                + ": Policy invalidation through Redis failed (TimeoutException): moving to a new cache epoch");
        caches(replica, Duration.ofSeconds(15)); // in the new epoch, once Redis answers again
    }

    /** Waits until {@code cache} caches a policy: its epoch is known and Redis in use. */
    private static void caches(PolicyCache cache, Duration within) {
        UUID customer = UUID.randomUUID();
        Awaitility.await().atMost(within).untilAsserted(() -> {
            VertxContextSupport.subscribeAndAwait(() -> cache.put(customer, cache.generation(customer),
                    CustomerPolicy.none()));
            assertThat(VertxContextSupport.<CustomerPolicy> subscribeAndAwait(() -> cache.get(customer)))
                    .as("cached").isNotNull();
        });
    }
}
