package io.omnihub.delivery.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.support.Inbound;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Commits that wake the relay within the batch interval of its last batch wait for the rest of it and go out in one
 * batch (one claim, one mark: every row a batch marks has the same {@code published_at}).
 */
@QuarkusTest
@TestProfile(RelayPacingTest.OneSecond.class)
class RelayPacingTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    /** A batch that began just before the first intake may still claim it, if its claim runs after the commit. */
    private static final Duration START_SLACK = Duration.ofMillis(50);

    public static class OneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("omnihub.outbox.batch-interval", INTERVAL.toString());
        }
    }

    @Inject
    Pool pool;

    @Test
    void commitsWithinTheIntervalOfTheLastBatchGoOutTogetherOnceItHasPassed() {
        // the batch that publishes the first intake starts after this; its mark comes after its sends, however long
        Instant beforeFirst = Instant.now();
        published(submit());

        // two intakes right after a batch: neither starts one of its own
        String a = submit();
        String b = submit();
        List<OffsetDateTime> together = published(a, b);

        assertThat(together).as("one batch marked them all").hasSizeGreaterThanOrEqualTo(4).containsOnly(together.get(0));
        assertThat(Duration.between(beforeFirst, together.get(0).toInstant()))
                .as("it started once the interval since the first batch's start had passed")
                .isGreaterThanOrEqualTo(INTERVAL.minus(START_SLACK));
    }

    private static String submit() {
        return Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
    }

    /** When each outbox row about these requests was marked published, once all were. */
    private List<OffsetDateTime> published(String... requests) {
        String sql = "SELECT published_at FROM outbox WHERE payload->>'requestId' = ANY($1) AND topic = 'omnihub.events'";
        Tuple ids = Tuple.of((Object) requests);
        return Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .until(() -> pool.preparedQuery(sql).execute(ids).await().indefinitely().stream()
                        .map((Row r) -> r.getOffsetDateTime(0)).toList(),
                        rows -> !rows.isEmpty() && rows.stream().allMatch(t -> t != null));
    }
}
