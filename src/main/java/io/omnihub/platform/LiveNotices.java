package io.omnihub.platform;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * Announces every relayed event on the Redis channel {@value #CHANNEL}, so that every replica can tell its
 * connected operators that something changed. A notice carries ids, a status and the teams that may see it, never
 * personal data. Notices are hints to refresh, not state: a lost one costs a stale screen until the next one.
 */
@ApplicationScoped
public class LiveNotices {

    public static final String CHANNEL = "omnihub:live";
    private static final Logger LOG = Logger.getLogger(LiveNotices.class);

    private final RedisGuard redis;
    private final NoticeScopes scopes;
    private final Json json;

    public LiveNotices(RedisGuard redis, NoticeScopes scopes, Json json) {
        this.redis = redis;
        this.scopes = scopes;
        this.json = json;
    }

    /** What changed, and which teams may know. */
    public record Notice(String type, UUID requestId, UUID customerId, UUID messageId, String status,
            List<String> teams) {
    }

    /** Publishes the notice for a relayed event; never fails. */
    public void announce(OutboxEntry event) {
        JsonNode data = json.tree(event.payload);
        UUID request = id(data, "requestId");
        UUID customer = id(data, "customerId");
        if (request == null && "customer".equals(event.aggregateType)) {
            customer = event.aggregateId;
        }
        String status = data == null || !data.hasNonNull("status") ? null : data.get("status").asText();
        announce(event.type, request, customer, id(data, "messageId"), status);
    }

    /**
     * Publishes a notice that is no business event (a reply's delivery status moved, say); call it after the
     * change committed. Never fails.
     */
    public void announce(String type, UUID request, UUID customer, UUID message, String status) {
        teams(request, customer)
                .map(found -> new Notice(type, request, found.customer() != null ? found.customer() : customer,
                        message, status, found.teams()))
                .chain(notice -> redis.execute("PUBLISH", CHANNEL, json.write(notice)))
                .subscribe().with(ignored -> {
                }, e -> LOG.debugf("Live notice for %s not published: %s", type, e.getMessage()));
    }

    private Uni<NoticeScopes.Scope> teams(UUID request, UUID customer) {
        return request != null ? scopes.ofRequest(request)
                : customer != null ? scopes.ofCustomer(customer) : Uni.createFrom().item(NoticeScopes.Scope.NONE);
    }

    private static UUID id(JsonNode data, String field) {
        if (data == null || !data.hasNonNull(field)) {
            return null;
        }
        try {
            return UUID.fromString(data.get(field).asText());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
