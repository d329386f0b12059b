package io.omnihub.delivery;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.channel.Channel;
import io.omnihub.channel.ChannelRegistry;
import io.omnihub.request.Request;
import io.omnihub.routing.ChannelSpec;
import io.omnihub.routing.CustomerPolicy;
import io.omnihub.routing.Purpose;
import io.omnihub.routing.RoutingRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Gathers what routing needs from the database, for a request's customer. Needs a session. */
@ApplicationScoped
class RoutingInputs {

    private final ChannelRegistry channels;
    private final DeliveryConfig config;

    RoutingInputs(ChannelRegistry channels, DeliveryConfig config) {
        this.channels = channels;
        this.config = config;
    }

    /**
     * @param excludeMessage a reply not to count against the frequency cap (the one being dispatched)
     */
    Uni<RoutingRequest> gather(Request request, Purpose purpose, int textLength, CustomerPolicy policy,
            Set<String> excluded, UUID excludeMessage) {
        Instant now = Instant.now();
        // HQL, not native SQL: see CustomerCheck
        return Panache.getSession().chain(s -> s.createSelectionQuery(
                "select distinct str(kind) from ContactPoint where customerId = ?1", String.class)
                .setParameter(1, request.customerId).getResultList()
                .chain(kinds -> s.createSelectionQuery("select m.channel, max(m.createdAt) from Message m"
                        + " where m.direction = INBOUND and m.requestId in (select r.id from Request r"
                        + " where r.customerId = ?1) group by m.channel", Object[].class)
                        .setParameter(1, request.customerId).getResultList()
                        .chain(last -> s.createSelectionQuery("select count(m) from Message m"
                                + " where m.direction = OUTBOUND and m.requestId in (select r.id from Request r"
                                + " where r.customerId = ?1) and m.createdAt > ?2"
                                + " and m.deliveryStatus not in ('HELD', 'FAILED') and m.id <> ?3", Long.class)
                                .setParameter(1, request.customerId)
                                .setParameter(2, now.minus(config.frequencyWindow()))
                                .setParameter(3, excludeMessage == null ? new UUID(0, 0) : excludeMessage)
                                .getSingleResult()
                                .map(recent -> new RoutingRequest(request.originChannel, purpose, textLength,
                                        specs(), policy, addressable(request, kinds), lastInbound(last),
                                        recent.intValue(), config.frequencyCap(), excluded, now)))));
    }

    List<ChannelSpec> specs() {
        return channels.all().stream().map(c -> new ChannelSpec(c.id(), c.outbound(), c.maxLength(),
                c.replyWindow().orElse(null), c.quietHoursApply())).toList();
    }

    private Set<String> addressable(Request request, List<String> kinds) {
        Set<String> result = new HashSet<>();
        result.add(request.originChannel); // the origin thread itself is an address
        for (Channel c : channels.all()) {
            if (kinds.contains(c.contactKind().name())) {
                result.add(c.id());
            }
        }
        return result;
    }

    /** Rows of (channel, latest inbound time). */
    private static Map<String, Instant> lastInbound(List<Object[]> rows) {
        Map<String, Instant> result = new HashMap<>();
        for (Object[] row : rows) {
            result.put((String) row[0], (Instant) row[1]);
        }
        return result;
    }
}
