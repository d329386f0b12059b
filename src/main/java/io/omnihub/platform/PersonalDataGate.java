package io.omnihub.platform;

import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Holds back personal data while the database may still hold customers erased since (a restored backup, until the
 * erasure log is applied again; see {@code privacy.ErasureLogConsumer}). While it is shut, the API, the webhooks and
 * the console answer 503 problem+json with {@code Retry-After}, and the outbox relay sends nothing. Readiness is
 * left alone: it says whether this replica can reach PostgreSQL, and a shut gate is an answer clients can act on,
 * where a replica out of the Service is a refused connection. It starts shut, until the privacy feature has looked
 * at the erasure log or given up waiting for it.
 */
@ApplicationScoped
public class PersonalDataGate {

    /** Seconds a client is asked to wait while the gate is shut. */
    static final String RETRY_AFTER = "5";

    /** Why the gate is shut, or null while it is open. */
    private final AtomicReference<String> shut = new AtomicReference<>("checking the erasure log");
    private final Json json;

    public PersonalDataGate(Json json) {
        this.json = json;
    }

    /** Shuts the gate, saying why (no personal data). */
    public void shut(String why) {
        shut.set(why);
    }

    public void open() {
        shut.set(null);
    }

    public boolean isOpen() {
        return shut.get() == null;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::guard);
    }

    private void guard(RoutingContext context) {
        String why = shut.get();
        String path = context.normalizedPath();
        if (why != null && (path.startsWith("/api/") || path.startsWith("/webhooks/") || path.startsWith("/console"))) {
            Problem problem = new Problem("https://omnihub.io/problems/unavailable", "Service Unavailable", 503,
                    "Personal data is held back while " + why + "; retry shortly", null);
            context.response().setStatusCode(503).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Retry-After", RETRY_AFTER).end(json.write(problem));
            return;
        }
        context.next();
    }
}
