package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * {@link SessionSql} on the real database: a plain statement runs on the session's own connection, in its
 * transaction, after what the session holds was written; and values go and come back as the entities hold them.
 * Outbox entries stand in for any table: they are due tomorrow, so the relay leaves them alone.
 */
@QuarkusTest
class SessionSqlTest {

    private static final String TOPIC = "omnihub.test.session-sql";
    private static final String INSERT = "INSERT INTO outbox (id, topic, message_key, type, aggregate_type,"
            + " aggregate_id, payload, created_at, available_at)"
            + " VALUES (?1, ?2, 'key', 'test', 'test', ?3, '{}', ?4, ?4)";

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @AfterEach
    void forgetTheEntries() {
        pool.preparedQuery("DELETE FROM outbox WHERE topic = $1").execute(Tuple.of(TOPIC)).await().indefinitely();
    }

    @Test
    @RunOnVertxContext
    void aStatementSeesWhatTheSessionHoldsAndEndsWithItsTransaction(UniAsserter asserter) {
        UUID persisted = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        UUID rolledBack = UUID.randomUUID();
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        // an entity persisted and not yet flushed: the statement must see it, so the session was flushed first on
        // the statement's own connection
        asserter.assertThat(() -> Panache.withTransaction(() -> outbox.record(TOPIC, "key", "test", "test", persisted,
                Map.of(), tomorrow)
                .chain(() -> SessionSql.select("SELECT count(*) FROM outbox WHERE aggregate_id = ?1", persisted))),
                rows -> assertThat(((Number) rows.get(0)[0]).longValue()).as("the session's entry").isEqualTo(1));
        asserter.execute(() -> Panache.withTransaction(() -> SessionSql.update(INSERT, Ids.next(), TOPIC, committed,
                tomorrow)));
        asserter.execute(() -> Panache.withTransaction(() -> SessionSql.update(INSERT, Ids.next(), TOPIC, rolledBack,
                tomorrow).chain(() -> Uni.createFrom().failure(new IllegalStateException("rolled back"))))
                .onFailure(IllegalStateException.class).recoverWithNull());
        asserter.assertThat(() -> rows(committed), n -> assertThat(n).as("written, and committed").isEqualTo(1));
        asserter.assertThat(() -> rows(rolledBack), n -> assertThat(n).as("rolled back with its transaction")
                .isZero());
    }

    @Test
    @RunOnVertxContext
    void valuesGoAndComeBackAsTheEntitiesHoldThem(UniAsserter asserter) {
        byte[] bytes = { 0, 1, -2, 127 };
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        UUID id = UUID.randomUUID();
        asserter.assertThat(() -> Panache.withSession(() -> SessionSql.select("SELECT CAST(?1 AS bytea),"
                + " CAST(?2 AS timestamptz), CAST(?3 AS text), CAST(?4 AS uuid), ?4 = ANY(?5),"
                + " CAST(?2 AS timestamptz) = ANY(CAST(?6 AS timestamptz[]))", bytes, at, Thread.State.RUNNABLE, id,
                new UUID[] { UUID.randomUUID(), id }, new Instant[] { at.minusSeconds(1), at })), rows -> {
                    Object[] row = rows.get(0);
                    assertThat((byte[]) row[0]).containsExactly(bytes);
                    assertThat(NativeRows.instant(row[1])).isEqualTo(at);
                    assertThat(row[2]).as("an enum, by its name").isEqualTo("RUNNABLE");
                    assertThat(row[3]).isEqualTo(id);
                    assertThat(row[4]).as("an array of ids").isEqualTo(true);
                    assertThat(row[5]).as("an array of instants").isEqualTo(true);
                });
    }

    @Test
    void hibernatesOrdinalPlaceholdersAreSentAsPostgresOnes() {
        assertThat(SessionSql.postgres("SELECT ?1, ?12 WHERE a = ?1 AND b ? 'key'"))
                .isEqualTo("SELECT $1, $12 WHERE a = $1 AND b ? 'key'");
    }

    private Uni<Long> rows(UUID aggregate) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE aggregate_id = $1").execute(Tuple.of(aggregate))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
