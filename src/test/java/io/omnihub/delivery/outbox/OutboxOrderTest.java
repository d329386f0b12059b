package io.omnihub.delivery.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Inject;

import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Which due entries a claim lets go, so that each key's entries are published in the order they were created: the
 * real claim on the real table, in a transaction rolled back. The entries are due years from now, when the claim
 * here looks, so the running relay (which claims by the clock) never takes them; their ids are time-ordered ids of
 * 1970, older than any other row's, so that a claim limited to their number locks only them.
 */
@QuarkusTest
class OutboxOrderTest {

    private static final Instant NOW = Instant.now().plus(Duration.ofDays(3650));
    private static final AtomicLong EPOCH_MILLIS = new AtomicLong();
    private static final String SMS = "omnihub.replies.sms";

    @Inject
    OutboxEntries entries;

    @Inject
    Pool pool;

    private final List<UUID> mine = new ArrayList<>();

    @AfterEach
    void remove() {
        pool.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)").execute(Tuple.of(mine.toArray(UUID[]::new)))
                .await().indefinitely();
    }

    @Test
    void everyDueEntryGoesWhenNothingOlderIsPending() throws Throwable {
        UUID a1 = entry("a");
        UUID b1 = entry("b");
        UUID a2 = entry("a");

        assertThat(claimed(3).go()).containsExactly(a1, b1, a2);
    }

    @Test
    void anOlderEntryAnotherReplicaHoldsHoldsBackItsKeyOnlyAndWhatItHoldsBackStaysUnmarked() throws Throwable {
        UUID a1 = entry("a");
        UUID b1 = entry("b");
        UUID a2 = entry("a");
        UUID a3 = entry("a");
        SqlConnection replica = pool.getConnection().await().indefinitely();
        try {
            Transaction holding = replica.begin().await().indefinitely();
            replica.preparedQuery("SELECT id FROM outbox WHERE id = $1 FOR UPDATE").execute(Tuple.of(a1))
                    .await().indefinitely();

            Claimed claimed = claimed(3, a2, a3); // a1 is skipped: the other replica holds it

            assertThat(claimed.go()).containsExactly(b1);
            assertThat(claimed.markedOf()).as("held back, so not marked published even in the claim's transaction")
                    .isZero();
            holding.rollback().await().indefinitely();
        } finally {
            replica.close().await().indefinitely();
        }
    }

    @Test
    void anEntryWaitingForItsTimeHoldsBackTheNewerOnesWithItsKeyWhichTakeNoSlotOfTheBatch() throws Throwable {
        UUID a1 = entry("a");
        entry("a", NOW.plusSeconds(60)); // a retry's backoff, or quiet hours, with the key's queue growing behind it
        UUID a3 = entry("a");
        UUID a4 = entry("a");
        UUID b1 = entry("b");
        UUID c1 = entry("c");

        Claimed claimed = claimed(3, a3, a4);

        assertThat(claimed.go()).as("the batch's three slots go to what can be sent").containsExactly(a1, b1, c1);
        assertThat(claimed.markedOf()).isZero();
    }

    @Test
    void entriesBehindAnEntryForAHeldTopicTakeNoSlotOfTheBatchEvenOnAnotherTopic() throws Throwable {
        entry("a", NOW.minusSeconds(60), SMS); // a reply on a channel whose topic Kafka refuses
        UUID a2 = entry("a"); // the same request's next reply, rerouted to another channel
        UUID b1 = entry("b");
        UUID b2 = entry("b");

        Claimed claimed = claimed(2, Set.of(SMS), a2);

        assertThat(claimed.go()).containsExactly(b1, b2);
        assertThat(claimed.markedOf()).isZero();
    }

    /** What a claim let go of this test's entries, and how many of {@code held} it marked published. */
    private record Claimed(List<UUID> go, long markedOf) {
    }

    /**
     * Claims up to {@code limit} entries in a transaction rolled back, and reads the marks of {@code held} in it, before
     * it ends.
     */
    private Claimed claimed(int limit, UUID... held) throws Throwable {
        return claimed(limit, Set.of(), held);
    }

    private Claimed claimed(int limit, Set<String> heldTopics, UUID... held) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.currentTransaction()
                .invoke(Mutiny.Transaction::markForRollback)
                .chain(() -> entries.claim(NOW, limit, heldTopics))
                .chain(claim -> marked(held).map(marked -> new Claimed(claim.entries().stream().map(e -> e.id)
                        .filter(mine::contains).toList(), marked)))));
    }

    private Uni<Long> marked(UUID... ids) {
        if (ids.length == 0) {
            return Uni.createFrom().item(0L);
        }
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT count(*) FROM outbox WHERE id IN (?1)"
                + " AND published_at IS NOT NULL", Long.class).setParameter(1, List.of(ids)).getSingleResult());
    }

    /** A time-ordered (version 7) id of the first seconds of 1970, each newer than the last. */
    private static UUID ancient() {
        UUID random = UUID.randomUUID();
        long high = (EPOCH_MILLIS.incrementAndGet() << 16) | 0x7000L | (random.getMostSignificantBits() & 0x0FFFL);
        return new UUID(high, random.getLeastSignificantBits());
    }

    private UUID entry(String key) {
        return entry(key, NOW.minusSeconds(60));
    }

    private UUID entry(String key, Instant availableAt) {
        return entry(key, availableAt, "omnihub.events");
    }

    /** A pending entry with this key (unique to the test) for this topic, due at {@code availableAt}. */
    private UUID entry(String key, Instant availableAt, String topic) {
        UUID id = ancient();
        mine.add(id);
        pool.preparedQuery("INSERT INTO outbox (id, topic, message_key, type, aggregate_type, aggregate_id, payload,"
                + " created_at, available_at) VALUES ($1, $4, $2, 'test.order', 'test', $1, '{}', now(), $3)")
                .execute(Tuple.of(id, key + "-" + mine.get(0), availableAt.atOffset(ZoneOffset.UTC), topic))
                .await().indefinitely();
        return id;
    }
}
