package io.omnihub.platform.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
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
 * request hang on a database that stopped answering.
 */
@ApplicationScoped
public class DatabaseProbe {

    private static final Logger LOG = Logger.getLogger(DatabaseProbe.class);
    private static final long INTERVAL_MS = 250;
    private static final long TIMEOUT_MS = 750;

    private final Vertx vertx;
    private final ConnectionConfig.Db config;
    private final Clock clock;
    private Pool pool;
    private long timer = -1;
    private volatile Instant lastAnswer;
    private volatile boolean answering = true;
    private volatile String lastFailure = "";

    public DatabaseProbe(Vertx vertx, ConnectionConfig.Db config, Clock clock, MeterRegistry registry) {
        this.vertx = vertx;
        this.config = config;
        this.clock = clock;
        this.lastAnswer = clock.instant();
        Gauge.builder("omnihub.dependency.up", this, p -> p.answering() ? 1 : 0).tag("dependency", "postgresql")
                .description("1 while the dependency is in use, 0 while Omnihub works around it")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        PgConnectOptions options = PgConnectOptions.fromUri(config.url()).setUser(config.username())
                .setPassword(config.password()).setConnectTimeout((int) TIMEOUT_MS);
        pool = PgPool.pool(vertx, options, new PoolOptions().setMaxSize(1).setName("omnihub-probe"));
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
        return answering;
    }

    /** When PostgreSQL last answered. */
    public Instant lastAnswer() {
        return lastAnswer;
    }

    public String lastFailure() {
        return lastFailure;
    }

    private void probe() {
        pool.query("SELECT 1").execute()
                .ifNoItem().after(Duration.ofMillis(TIMEOUT_MS)).fail()
                .subscribe().with(rows -> {
                    if (!answering) {
                        LOG.info("PostgreSQL answers again");
                    }
                    answering = true;
                    lastAnswer = clock.instant();
                }, e -> {
                    if (answering) {
                        LOG.warnf("PostgreSQL does not answer: %s", e.getClass().getSimpleName());
                    }
                    answering = false;
                    lastFailure = e.getClass().getSimpleName();
                });
    }
}
