package io.omnihub.platform.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.omnihub.platform.ConnectionConfig;
import io.omnihub.platform.Json;
import io.omnihub.platform.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps requests to the API, the webhooks and the console from hanging on a database that stopped answering. Once
 * {@link DatabaseProbe} has had no answer from PostgreSQL for a second, they are answered 503 with {@code Retry-After} at once,
 * without starting work that would queue for a connection and, once the database is back, delay the requests that
 * still have a client waiting. One already under way that has no answer after {@code omnihub.db.outage-deadline}
 * (1.5 s) while the database does not answer is answered the same. While the database answers, slow requests are
 * left alone.
 */
@ApplicationScoped
public class OutageDeadline {

    /** How long the probe must have failed before new requests are turned away without trying. */
    private static final Duration SILENT = Duration.ofSeconds(1);

    private final DatabaseProbe database;
    private final ConnectionConfig.Db config;
    private final Json json;

    public OutageDeadline(DatabaseProbe database, ConnectionConfig.Db config, Json json) {
        this.database = database;
        this.config = config;
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::watch);
    }

    private void watch(RoutingContext context) {
        String path = context.normalizedPath();
        if (path.startsWith("/api/") || path.startsWith("/webhooks/") || path.startsWith("/console")) {
            if (database.silentFor(SILENT)) {
                unavailable(context);
                return;
            }
            long timer = context.vertx().setTimer(config.outageDeadline().toMillis(), id -> expire(context));
            context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
        }
        context.next();
    }

    private void expire(RoutingContext context) {
        if (!database.answering() && !context.response().headWritten() && !context.response().ended()) {
            unavailable(context);
        }
    }

    private void unavailable(RoutingContext context) {
        Problem problem = new Problem("https://omnihub.io/problems/unavailable", "Service Unavailable", 503,
                "The database is unavailable; retry shortly", null);
        context.response().setStatusCode(503)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Retry-After", "2")
                .end(json.write(problem));
    }
}
