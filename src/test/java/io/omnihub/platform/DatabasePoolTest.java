package io.omnihub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.omnihub.local.LocalInfrastructure;
import io.quarkus.reactive.pg.client.PgPoolCreator;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.PrepareOptions;
import io.vertx.sqlclient.PreparedQuery;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * The pool {@link DatabasePool} makes, against the real local PostgreSQL. In a storm (many more callers than its
 * connections and its queue, from four event loops, half asking for a connection as Hibernate Reactive does and half
 * running a statement on the pool) the excess is turned away at once as capacity, nothing fails otherwise, and every
 * connection serves afterwards. On Vert.x's own pool with its acquisition timer (50 ms here, as the input asks), the
 * same storm failed thousands of callers "Timeout", and afterwards the pool could not give out its four connections
 * (three runs of three): callers handed a connection as their timer ran out had been failed, and the connections
 * they were handed were lost (eclipse-vertx/vert.x#6169).
 */
class DatabasePoolTest {

    private static final int CONNECTIONS = 4;
    private static final int QUEUE = 40;
    private static final int CALLERS = 200;
    private static final int ATTEMPTS = 25;
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    private static final int LOOPS = 4;

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS));

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aStormBeyondTheQueueIsTurnedAwayAsCapacityAndEveryConnectionServesAfterwards() throws Exception {
        Pool pool = new DatabasePool(config(QUEUE, Duration.ofSeconds(10))).create(input(new PoolOptions()
                .setMaxSize(CONNECTIONS).setEventLoopSize(LOOPS)
                .setConnectionTimeout(50).setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)));
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        List<Future<Void>> callers = new ArrayList<>();
        for (int i = 0; i < CALLERS; i++) {
            // a context of its own for each caller, on the event loops in turn (outside Vert.x, getOrCreateContext
            // would answer one and the same)
            Context context = ((VertxInternal) vertx).createEventLoopContext();
            boolean asksForConnection = i % 2 == 0;
            Promise<Void> done = Promise.promise();
            context.runOnContext(v -> call(pool, asksForConnection, ATTEMPTS, outcomes, done));
            callers.add(done.future());
        }
        Future.all(callers).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);

        List<SqlConnection> held = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            held.add(await(pool.getConnection()));
        }
        assertThat(held).as("every connection free again after the storm").hasSize(CONNECTIONS);
        for (SqlConnection connection : held) {
            assertThat(await(connection.query("SELECT 1").execute()).size()).isEqualTo(1);
            connection.close();
        }
        assertThat(outcomes.keySet()).as("outcomes: %s", outcomes).containsOnly("served", "at capacity");
        assertThat(outcomes.getOrDefault("served", new AtomicInteger()).get()).isPositive();
        assertThat(outcomes.getOrDefault("at capacity", new AtomicInteger()).get())
                .as("turned away beyond %d waiting", QUEUE).isPositive();
        assertThat(outcomes.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(CALLERS * ATTEMPTS);
    }

    @Test
    void aCallerGivesUpAtTheDeadlineAndTheConnectionThatComesLaterGoesBackToThePool() throws Exception {
        Pool pool = new DatabasePool(config(QUEUE, DEADLINE)).create(input(new PoolOptions().setMaxSize(1)));
        SqlConnection held = await(pool.getConnection());
        long asked = System.nanoTime();
        Throwable failure = pool.getConnection().toCompletionStage().toCompletableFuture().handle((c, e) -> e)
                .get(10, TimeUnit.SECONDS);
        assertThat(failure).as("no connection within the deadline").isNotNull();
        assertThat(Outages.atCapacity(failure)).as(failure.toString()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(DEADLINE)
                .isLessThan(DEADLINE.multipliedBy(4));

        await(held.close()); // the caller that gave up is handed it now, and gives it back
        SqlConnection next = await(pool.getConnection());
        assertThat(await(next.query("SELECT 1").execute()).size()).isEqualTo(1);
        await(next.close());
    }

    @Test
    void aStatementOnThePoolGivesUpAtTheDeadlineTooAndEveryKindRunsOnAConnectionItGivesBack() throws Exception {
        Pool pool = new DatabasePool(config(QUEUE, DEADLINE)).create(input(new PoolOptions().setMaxSize(1)));
        SqlConnection held = await(pool.getConnection());
        long asked = System.nanoTime();
        Throwable failure = pool.preparedQuery("SELECT $1::int").execute(Tuple.of(1)).toCompletionStage()
                .toCompletableFuture().handle((rows, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(failure).as("no connection within the deadline").isNotNull();
        assertThat(Outages.atCapacity(failure)).as(failure.toString()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isGreaterThanOrEqualTo(DEADLINE);
        await(held.close());

        // one connection: each statement below waits for the one before to give it back
        PreparedQuery<RowSet<Row>> echo = pool.preparedQuery("SELECT $1::int");
        assertThat(await(echo.mapping(row -> row.getInteger(0)).execute(Tuple.of(7))).iterator().next()).isEqualTo(7);
        assertThat(await(pool.query("SELECT 1 UNION ALL SELECT 2").collecting(Collectors.counting()).execute())
                .value()).isEqualTo(2L);
        RowSet<Row> batch = await(echo.executeBatch(List.of(Tuple.of(1), Tuple.of(2))));
        assertThat(batch.iterator().next().getInteger(0)).isEqualTo(1);
        assertThat(batch.next().iterator().next().getInteger(0)).isEqualTo(2);
        assertThat(await(pool.preparedQuery("SELECT 3", new PrepareOptions()).execute()).iterator().next()
                .getInteger(0)).isEqualTo(3);
        assertThat(await(pool.withTransaction(c -> c.query("SELECT 4").execute())).size()).isEqualTo(1);
        Throwable error = pool.query("SELECT 1/0").execute().toCompletionStage().toCompletableFuture()
                .handle((rows, e) -> e).get(10, TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(PgException.class); // and the connection goes back all the same
        // as the application calls it: through the Mutiny wrapper, whose calls take a handler
        assertThat(io.vertx.mutiny.sqlclient.Pool.newInstance(pool).preparedQuery("SELECT $1::int")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(5)).await().atMost(Duration.ofSeconds(10)).iterator()
                .next().getInteger(0)).isEqualTo(5);
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** One caller: {@code attempts} calls in turn, each holding a connection for 5 ms. */
    private static void call(Pool pool, boolean asksForConnection, int attempts, Map<String, AtomicInteger> outcomes,
            Promise<Void> done) {
        if (attempts == 0) {
            done.complete();
            return;
        }
        String sleep = "SELECT pg_sleep(0.005)";
        Future<?> call = asksForConnection
                ? pool.getConnection().compose(c -> c.query(sleep).execute().eventually(() -> c.close()))
                : pool.query(sleep).execute();
        call.onComplete(ar -> {
            String outcome = ar.succeeded() ? "served"
                    : Outages.atCapacity(ar.cause()) ? "at capacity"
                            : ar.cause().getClass().getSimpleName() + ": " + ar.cause().getMessage();
            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
            call(pool, asksForConnection, attempts - 1, outcomes, done);
        });
    }

    private PgPoolCreator.Input input(PoolOptions options) {
        Map<String, String> db = LocalInfrastructure.provide(Set.of("postgres"));
        PgConnectOptions connect = PgConnectOptions.fromUri(db.get("omnihub.db.url"))
                .setUser(db.getOrDefault("omnihub.db.username", "omnihub"))
                .setPassword(db.getOrDefault("omnihub.db.password", "omnihub"));
        return new PgPoolCreator.Input() {
            public Vertx vertx() {
                return vertx;
            }

            public PoolOptions poolOptions() {
                return options;
            }

            public List<PgConnectOptions> pgConnectOptionsList() {
                return List.of(connect);
            }
        };
    }

    private static ConnectionConfig.Db config(int queue, Duration deadline) {
        return new ConnectionConfig.Db() {
            public String url() {
                throw new UnsupportedOperationException();
            }

            public String username() {
                throw new UnsupportedOperationException();
            }

            public String password() {
                throw new UnsupportedOperationException();
            }

            public Duration outageDeadline() {
                return Duration.ofMillis(1500);
            }

            public int waitQueue() {
                return queue;
            }

            public Duration connectionWait() {
                return deadline;
            }
        };
    }
}
