package io.omnihub.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * Announces every relayed event on the Redis channel {@value #CHANNEL}, so that every replica can tell its
 * connected operators that something changed. A notice carries ids, a status and the teams that may see it, never
 * personal data. Notices are hints to refresh, not state: a lost one costs a stale screen until the next one. A
 * relayed batch's notices go in one message, a JSON array ({@link #read}): one Redis command per batch, not one per
 * event (an intake's batch holds two or three events).
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

    /**
     * Publishes the notices of relayed events, reading who may know in at most two statements; never fails. An event
     * that names its request, customer and team (the request's team when it was written: a request created, a message
     * received, a reply routed or held), or its customer and the teams of the customer's requests (consent implied by
     * a new profile's first message), carries its scope, and nothing is read for it.
     */
    public void announce(List<OutboxEntry> events) {
        publish(events.stream().map(this::draft).toList());
    }

    /**
     * Publishes a notice that is no business event (a reply's delivery status moved, say); call it after the
     * change committed. Never fails.
     */
    public void announce(String type, UUID request, UUID customer, UUID message, String status) {
        publish(List.of(new Draft(type, request, customer, message, status, null)));
    }

    /** A notice before its scope is known, or with the scope its event carried. */
    private record Draft(String type, UUID request, UUID customer, UUID message, String status,
            NoticeScopes.Scope carried) {
    }

    private Draft draft(OutboxEntry event) {
        JsonNode data = json.tree(event.payload);
        UUID request = id(data, "requestId");
        UUID customer = id(data, "customerId");
        if (request == null && "customer".equals(event.aggregateType)) {
            customer = event.aggregateId;
        }
        String status = data == null || !data.hasNonNull("status") ? null : data.get("status").asText();
        NoticeScopes.Scope carried = request != null && customer != null && data.hasNonNull("team")
                ? new NoticeScopes.Scope(customer, List.of(data.get("team").asText()))
                : request == null && customer != null && data != null && data.path("teams").isArray()
                        ? new NoticeScopes.Scope(customer, texts(data.get("teams")))
                        : null;
        return new Draft(event.type, request, customer, id(data, "messageId"), status, carried);
    }

    private void publish(List<Draft> drafts) {
        Set<UUID> requests = drafts.stream().filter(d -> d.carried() == null).map(Draft::request)
                .filter(Objects::nonNull).collect(Collectors.toSet());
        Set<UUID> customers = drafts.stream().filter(d -> d.carried() == null && d.request() == null)
                .map(Draft::customer).filter(Objects::nonNull).collect(Collectors.toSet());
        scopes(requests, scopes::ofRequests)
                .chain(byRequest -> scopes(customers, scopes::ofCustomers).map(byCustomer -> drafts.stream()
                        .map(d -> notice(d, d.carried() != null ? d.carried()
                                : d.request() != null ? byRequest.get(d.request())
                                        : d.customer() != null ? byCustomer.get(d.customer()) : null))
                        .toList()))
                .subscribe().with(this::send, e -> LOG.debugf("Live notices not published: %s", e.getMessage()));
    }

    /**
     * The notices of a message on {@value #CHANNEL}: its array, or the one notice a replica that predates the arrays
     * sent (a rolling upgrade has both).
     */
    public List<Notice> read(String message) {
        JsonNode tree = json.tree(message);
        List<Notice> notices = new ArrayList<>();
        if (tree != null && tree.isArray()) {
            tree.forEach(n -> add(notices, n));
        } else if (tree != null) {
            add(notices, tree);
        }
        return notices;
    }

    /** A notice as every subscriber may take it: none for what is no object, no teams for none given. */
    private void add(List<Notice> notices, JsonNode node) {
        if (!node.isObject()) {
            return;
        }
        Notice n = json.convert(node, Notice.class);
        notices.add(n.teams() != null ? n
                : new Notice(n.type(), n.requestId(), n.customerId(), n.messageId(), n.status(), List.of()));
    }

    private static Uni<Map<UUID, NoticeScopes.Scope>> scopes(Set<UUID> keys,
            Function<Set<UUID>, Uni<Map<UUID, NoticeScopes.Scope>>> read) {
        return keys.isEmpty() ? Uni.createFrom().item(Map.of()) : read.apply(keys);
    }

    private static Notice notice(Draft d, NoticeScopes.Scope scope) {
        return scope == null ? new Notice(d.type(), d.request(), d.customer(), d.message(), d.status(), List.of())
                : new Notice(d.type(), d.request(), scope.customer() != null ? scope.customer() : d.customer(),
                        d.message(), d.status(), scope.teams());
    }

    private void send(List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        redis.execute("PUBLISH", CHANNEL, json.write(notices)).subscribe().with(ignored -> {
        }, e -> LOG.debugf("%d live notices not published: %s", notices.size(), e.getMessage()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
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
