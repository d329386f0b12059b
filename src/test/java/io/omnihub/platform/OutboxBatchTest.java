package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.vertx.RunOnVertxContext;
import io.quarkus.test.vertx.UniAsserter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@link Outbox#batched} on the real database: what the work records is written with one statement in its
 * transaction, each entry a row with its own key; a failed work leaves none, and recording after it is immediate.
 * Entries are due tomorrow, so the relay leaves them alone.
 */
@QuarkusTest
class OutboxBatchTest {

    private static final String BATCH_INSERTS = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query LIKE 'INSERT INTO outbox%unnest%'";
    private static final String CARRIED = "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements"
            + " WHERE query LIKE 'WITH outbox_entries AS (INSERT INTO outbox%unnest%UPDATE outbox SET attempts%'";

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    /** The entries were never meant to be published. */
    @AfterEach
    void forgetTheEntries() {
        pool.query("DELETE FROM outbox WHERE topic = 'omnihub.test.batch'").execute().await().indefinitely();
    }

    @Test
    @RunOnVertxContext
    void aBatchIsOneStatementAndEveryEntryKeepsItsKey(UniAsserter asserter) {
        UUID aggregate = UUID.randomUUID();
        asserter.assertThat(() -> count(BATCH_INSERTS), before -> asserter.putData("before", before));
        asserter.execute(() -> Panache.withTransaction(() -> outbox.batched(() -> record(aggregate, "first")
                .chain(() -> record(aggregate, "second"))
                .chain(() -> record(UUID.randomUUID(), "other")))));
        asserter.assertThat(() -> count(BATCH_INSERTS),
                after -> assertThat(after - (Long) asserter.getData("before")).as("statements").isEqualTo(1));
        asserter.assertThat(() -> count("SELECT count(*) FROM outbox WHERE aggregate_id = $1 AND message_key = $2"
                + " AND payload ->> 'step' IN ('first', 'second')", aggregate, aggregate.toString()),
                rows -> assertThat(rows).isEqualTo(2));
    }

    /** The work's last statement writes what the batch holds with it: the batch has no statement of its own. */
    @Test
    @RunOnVertxContext
    void theLastStatementWritesTheHeldEntriesWithIt(UniAsserter asserter) {
        UUID aggregate = UUID.randomUUID();
        asserter.assertThat(() -> count(BATCH_INSERTS), before -> asserter.putData("before", before));
        asserter.assertThat(() -> count(CARRIED), before -> asserter.putData("carried", before));
        asserter.assertThat(() -> Panache.withTransaction(() -> outbox.batched(() -> record(aggregate, "first")
                .chain(() -> record(aggregate, "second"))
                .chain(() -> outbox.updateWithHeld("UPDATE outbox SET attempts = attempts WHERE aggregate_id = ?1",
                        aggregate)))),
                updated -> assertThat(updated).as("the statement's own count: it does not see the entries").isZero());
        asserter.assertThat(() -> count(BATCH_INSERTS),
                after -> assertThat(after - (Long) asserter.getData("before")).as("inserts of their own").isZero());
        asserter.assertThat(() -> count(CARRIED),
                after -> assertThat(after - (Long) asserter.getData("carried")).as("statements").isEqualTo(1));
        asserter.assertThat(() -> count("SELECT count(*) FROM outbox WHERE aggregate_id = $1", aggregate),
                rows -> assertThat(rows).isEqualTo(2));
    }

    @Test
    @RunOnVertxContext
    void aFailedWorkWritesNothingAndTheNextRecordIsNotHeld(UniAsserter asserter) {
        UUID failed = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        asserter.assertFailedWith(() -> Panache.withTransaction(() -> outbox.batched(() -> record(failed, "lost")
                .chain(() -> Uni.createFrom().failure(new IllegalStateException("the work failed"))))),
                IllegalStateException.class);
        // outside any batch now: written by the transaction itself, without a batch to end
        asserter.execute(() -> Panache.withTransaction(() -> record(after, "kept")));
        asserter.assertThat(() -> count("SELECT count(*) FROM outbox WHERE aggregate_id = $1", failed),
                rows -> assertThat(rows).isZero());
        asserter.assertThat(() -> count("SELECT count(*) FROM outbox WHERE aggregate_id = $1", after),
                rows -> assertThat(rows).isEqualTo(1));
    }

    /** A count, without blocking the event loop the asserter runs on. */
    private Uni<Long> count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(params)).map(rows -> rows.iterator().next().getLong(0));
    }

    private Uni<OutboxEntry> record(UUID aggregate, String step) {
        return outbox.record("omnihub.test.batch", aggregate.toString(), "test.batched", "test", aggregate,
                Map.of("step", step), Instant.now().plus(Duration.ofDays(1)));
    }
}
