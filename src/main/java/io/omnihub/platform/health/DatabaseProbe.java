package io.omnihub.platform.health;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnihub.platform.ConnectionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgPool;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * Asks PostgreSQL {@code SELECT 1} four times a second on a connection of its own (a busy pool never makes it look
 * down), each answer within {@value #TIMEOUT_MS} ms. It is how a replica knows, without waiting, whether the
 * database answers: readiness reads it, and so does {@link OutageDeadline}, which answers 503 instead of letting a
 * request hang on a database that stopped answering. The replica is not ready until the first answer, which may
 * take {@value #FIRST_TIMEOUT_MS} ms: a cold process's first connection on a busy machine is slow, not down.
 */
@ApplicationScoped
public class DatabaseProbe {

    private static final long INTERVAL_MS = 250;
    private static final long TIMEOUT_MS = 750;
    private static final long FIRST_TIMEOUT_MS = 5000;

    private final Vertx vertx;
    private final ConnectionConfig.Db config;
    private final ProbeState state;
    private Pool pool;
    private long timer = -1;

    public DatabaseProbe(Vertx vertx, ConnectionConfig.Db config, Clock clock, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.state = new ProbeState("postgresql", "requests that need it are answered 503", clock, registry);
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(config.url()).setUser(config.username())
                .setPassword(config.password()).setConnectTimeout((int) TIMEOUT_MS);
        pool = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(1).setName("omnihub-probe"));
        probe();
        timer = vertx.setPeriodic(INTERVAL_MS, id -> probe());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        if (pool != null) {
            pool.closeAndForget();
        }
    }

    /** Whether PostgreSQL answered the last probe in time. */
    public boolean answering() {
        return state.answering();
    }

    /**
     * Whether PostgreSQL has failed every probe for at least {@code span}: down or hanging, not merely slow for a
     * moment on a busy machine.
     */
    public boolean silentFor(Duration span) {
        return state.silentFor(span);
    }

    ProbeState state() {
        return state;
    }

    private void probe() {
        long timeout = state.answeredOnce() ? TIMEOUT_MS : FIRST_TIMEOUT_MS;
        pool.query("SELECT 1").execute()
                .ifNoItem().after(Duration.ofMillis(timeout)).fail()
                .subscribe().with(rows -> state.answered(), state::failed);
    }
}
