package io.omnihub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.local.LocalInfrastructure;
import io.omnihub.platform.Json;
import io.omnihub.platform.LiveNotices;
import io.omnihub.platform.LiveNotices.Notice;
import io.omnihub.platform.RedisGuard;
import io.omnihub.security.Caller;
import io.omnihub.security.Roles;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The console's live notices go on after Redis restarts: the replica's one subscription to the channel died with the
 * old connection and said nothing, so every operator connected to it saw no notice again until the replica restarted.
 * Nor did it after its connection was killed, which no probe of Redis notices. A message that cannot be read is
 * skipped, and one that is no notice, or names no teams, stops no operator's stream.
 */
@QuarkusTest
class LiveFeedTest {

    private static final Caller SUPERVISOR = new Caller("live-feed-test", Set.of(Roles.SUPERVISOR),
            Set.of(Caller.ALL_TEAMS), null, null, null, Set.of());

    @Inject
    LiveFeed feed;
    @Inject
    RedisGuard guard;
    @Inject
    RedisDataSource redis;
    @Inject
    Json json;

    @Test
    void noticesReachAConnectedOperatorAfterARedisRestart() {
        connected(SUPERVISOR, seen -> {
            publishUntilSeen(seen, "before the restart");
            // a message no replica sends: skipped, and the subscription kept (reading it ended the subscription)
            redis.pubsub(String.class).publish(LiveNotices.CHANNEL, "[{\"type\": \"x\", \"teams\": {}}]");
            publishUntilSeen(seen, "after a message that cannot be read");

            LocalInfrastructure.stopRedis();
            try {
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !guard.available());
            } finally {
                LocalInfrastructure.restartRedis();
            }
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(guard::available);

            publishUntilSeen(seen, "after the restart");
        });
    }

    @Test
    void noticesReachAConnectedOperatorAfterTheSubscriptionsConnectionWasKilled() {
        connected(SUPERVISOR, seen -> {
            publishUntilSeen(seen, "before the kill");
            redis.execute("CLIENT", "KILL", "TYPE", "pubsub");
            assertThat(guard.available()).as("Redis itself answers all along").isTrue();
            publishUntilSeen(seen, "after the kill");
        });
    }

    @Test
    void aRestrictedOperatorsStreamOutlivesMessagesThatAreNoNoticesOrNameNoTeams() {
        Caller operator = new Caller("live-feed-operator", Set.of(Roles.OPERATOR), Set.of("t"), null, null, null,
                Set.of());
        connected(operator, seen -> {
            // a null notice wedged the shared processor for every operator; one without teams failed this stream
            redis.pubsub(String.class).publish(LiveNotices.CHANNEL, "[null]");
            redis.pubsub(String.class).publish(LiveNotices.CHANNEL, "[{\"type\": \"request.created\"}]");
            publishUntilSeen(seen, "after messages that are no notices");
        });
    }

    /** Runs {@code steps} while {@code caller} is connected to the feed, with the notices it has seen so far. */
    private void connected(Caller caller, Consumer<Queue<Notice>> steps) {
        Queue<Notice> seen = new ConcurrentLinkedQueue<>();
        Cancellable stream = feed.forCaller(caller).subscribe().with(seen::add);
        try {
            steps.accept(seen);
        } finally {
            stream.cancel();
        }
    }

    /** Publishes a notice on the channel, as another replica's relay does, until the operator has seen it. */
    private void publishUntilSeen(Queue<Notice> seen, String when) {
        UUID request = UUID.randomUUID();
        String message = json.write(List.of(new Notice("request.created", request, null, null, when, List.of("t"))));
        Awaitility.await(when).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> {
            redis.pubsub(String.class).publish(LiveNotices.CHANNEL, message);
            return seen.stream().anyMatch(n -> request.equals(n.requestId()));
        });
    }
}
