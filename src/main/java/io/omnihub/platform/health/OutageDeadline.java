package io.omnihub.platform.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.omnihub.platform.ConnectionConfig;
import io.omnihub.platform.Json;
import io.omnihub.platform.Problem;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A request to the API, the webhooks or the console that has no answer after {@code omnihub.db.outage-deadline}
 * (1.5 s) while PostgreSQL does not answer is answered 503 with {@code Retry-After} at once, instead of hanging
 * until the database comes back. While the database answers, slow requests are left alone.
 */
@ApplicationScoped
public class OutageDeadline {

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
            long timer = context.vertx().setTimer(config.outageDeadline().toMillis(), id -> expire(context));
            context.addEndHandler(ended -> context.vertx().cancelTimer(timer));
        }
        context.next();
    }

    private void expire(RoutingContext context) {
        if (database.answering() || context.response().headWritten() || context.response().ended()) {
            return;
        }
        Problem problem = new Problem("https://omnihub.io/problems/unavailable", "Service Unavailable", 503,
                "The database is unavailable; retry shortly", null);
        context.response().setStatusCode(503)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Retry-After", "2")
                .end(json.write(problem));
    }
}
