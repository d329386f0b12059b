package io.omnihub.delivery.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.omnihub.support.Inbound;
import io.omnihub.support.Replies;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Commits that wake the relay within the interval of its last batch wait for the rest of it and go out in one batch
 * (one claim that marks them: every row a batch marks has the same {@code published_at}): the events interval for
 * domain events alone, the shorter batch interval as soon as anything else waits. The replies of a batch are written
 * with one statement.
 */
@QuarkusTest
@TestProfile(RelayPacingTest.OneSecond.class)
class RelayPacingTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration EVENTS_INTERVAL = Duration.ofSeconds(5);
    /**
     * A batch's claim takes the time it marks its rows with a moment after the batch started: up to 52 ms in a CI run,
     * on a loaded machine, with 50 ms allowed then. Without the pacing the batches would be milliseconds apart.
     */
    private static final Duration START_SLACK = Duration.ofMillis(250);

    public static class OneSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the check of unconfirmed replies, which republishes an earlier test's, runs at start only
            return Map.of("omnihub.outbox.batch-interval", INTERVAL.toString(),
                    "omnihub.outbox.events-interval", EVENTS_INTERVAL.toString(),
                    "omnihub.delivery.receipt-check-interval", "1h");
        }
    }

    @Inject
    Pool pool;

    @Test
    void domainEventsWithinTheEventsIntervalOfTheLastBatchGoOutTogetherOnceItHasPassed() {
        // a batch's claim marks its rows with the time it started
        Instant first = published(submit()).get(0).toInstant();

        // two intakes right after a batch: neither starts one of its own
        String a = submit();
        String b = submit();
        List<OffsetDateTime> together = published(a, b);

        assertThat(together).as("one batch marked them all").hasSizeGreaterThanOrEqualTo(4).containsOnly(together.get(0));
        assertThat(Duration.between(first, together.get(0).toInstant()))
                .as("it started once the events interval since the first batch's start had passed")
                .isGreaterThanOrEqualTo(EVENTS_INTERVAL.minus(START_SLACK));
    }

    /**
     * An intake's events wait for the events interval; a reply committed meanwhile starts their batch at the batch
     * interval, and goes out with them.
     */
    @Test
    void aReplyBringsABatchWaitingForEventsForwardToTheBatchInterval() {
        String request = submit();
        published(request);
        String warming = Replies.reply(request, "Warming the reply's path").then().statusCode(201).extract()
                .path("messageId");
        Instant last = replyPublished(UUID.fromString(warming)).toInstant();

        String events = submit();
        String reply = Replies.reply(request, "It left the depot today").then().statusCode(201).extract()
                .path("messageId");

        OffsetDateTime replyBatch = replyPublished(UUID.fromString(reply));
        assertThat(published(events)).as("the intake's events went with the reply").containsOnly(replyBatch);
        assertThat(Duration.between(last, replyBatch.toInstant())).as("after the last batch")
                .isGreaterThanOrEqualTo(INTERVAL.minus(START_SLACK))
                .isLessThan(EVENTS_INTERVAL.minus(Duration.ofSeconds(1)));
    }

    /** When the reply's outbox row was marked published, once it was. */
    private OffsetDateTime replyPublished(UUID reply) {
        return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
                .until(() -> rows("SELECT published_at FROM outbox WHERE aggregate_id = $1"
                        + " AND topic LIKE 'omnihub.replies.%'", reply),
                        rows -> rows.size() == 1 && rows.get(0).getOffsetDateTime(0) != null)
                .get(0).getOffsetDateTime(0);
    }

    /**
     * The replies a batch sent are marked DISPATCHED with one statement, not one each. The replies are posted at once,
     * after a first one has warmed their path, so that they commit within the interval; should a slow machine still
     * split them, each batch must have written its own with one statement, and one batch must have carried two.
     */
    @Test
    void repliesSentInOneBatchAreWrittenWithOneStatement() throws Exception {
        List<String> requests = List.of(submit(), submit(), submit(), submit());
        published(requests.toArray(String[]::new));
        String warming = Replies.reply(requests.get(3), "Warming the reply's path").then().statusCode(201).extract()
                .path("messageId");
        // its own batch's write counted before, not with the replies below (a late one counted two in a CI run)
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> rows("SELECT status FROM reply WHERE message_id = $1", UUID.fromString(warming)),
                        rows -> rows.size() == 1 && "DISPATCHED".equals(rows.get(0).getString(0)));
        long before = replyUpdates();

        // just after a batch: the replies wait for the rest of the interval and go out together
        ExecutorService posting = Executors.newFixedThreadPool(3);
        List<Future<String>> posted;
        try {
            posted = posting.invokeAll(requests.subList(0, 3).stream().<Callable<String>> map(r -> () -> Replies
                    .reply(r, "It left the depot today").then().statusCode(201).extract().<String> path("messageId"))
                    .toList());
        } finally {
            posting.shutdown();
        }
        List<UUID> ids = new ArrayList<>();
        for (Future<String> f : posted) {
            ids.add(UUID.fromString(f.get()));
        }
        UUID[] replies = ids.toArray(UUID[]::new);
        List<Row> sent = Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> rows("SELECT r.status, r.attempts, r.dispatched_at, o.published_at FROM reply r"
                        + " JOIN outbox o ON o.aggregate_id = r.message_id AND o.topic LIKE 'omnihub.replies.%'"
                        + " WHERE r.message_id = ANY($1)", (Object) replies),
                        rows -> rows.size() == replies.length
                                && rows.stream().allMatch(r -> "DISPATCHED".equals(r.getString(0))));

        assertThat(sent).allSatisfy(r -> {
            assertThat(r.getInteger(1)).as("attempts").isEqualTo(1);
            assertThat(r.getOffsetDateTime(2)).as("dispatched at").isNotNull();
        });
        long batches = sent.stream().map(r -> r.getOffsetDateTime(3)).distinct().count();
        assertThat(batches).as("batches that sent them (one carried two or more)").isLessThan(replies.length);
        assertThat(replyUpdates() - before).as("statements that wrote replies: one a batch").isEqualTo(batches);
    }

    /**
     * A batch marks its entries published with the statement that claims them: no statement of its own after the
     * sends. (The relay's runs with nothing to send claim and mark nothing, so the relay's idle polls do not count.)
     */
    @Test
    void aBatchMarksItsEntriesPublishedWithItsClaim() {
        published(submit());
        long before = outboxUpdates();
        published(submit(), submit());
        assertThat(outboxUpdates() - before).as("statements that updated outbox rows after their claim").isZero();
    }

    /** How often this database has run a statement that begins with an UPDATE of outbox rows. */
    private long outboxUpdates() {
        return rows("SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
                + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND query ILIKE 'update outbox%'").get(0).getLong(0);
    }

    /** How often this database has run an UPDATE of replies, as PostgreSQL counts them. */
    private long replyUpdates() {
        return rows("SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
                + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                + " AND query ILIKE 'update reply %'").get(0).getLong(0);
    }

    private List<Row> rows(String sql, Object... parameters) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(Arrays.asList(parameters))).await().indefinitely().forEach(rows::add);
        return rows;
    }

    private static String submit() {
        return Inbound.submit(Inbound.webMessage()).then().statusCode(201).extract().path("requestId");
    }

    /** When each outbox row about these requests was marked published, once all were. */
    private List<OffsetDateTime> published(String... requests) {
        String sql = "SELECT published_at FROM outbox WHERE payload->>'requestId' = ANY($1) AND topic = 'omnihub.events'";
        Tuple ids = Tuple.of((Object) requests);
        return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10))
                .until(() -> pool.preparedQuery(sql).execute(ids).await().indefinitely().stream()
                        .map((Row r) -> r.getOffsetDateTime(0)).toList(),
                        rows -> !rows.isEmpty() && rows.stream().allMatch(t -> t != null));
    }
}
