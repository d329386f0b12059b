package io.omnihub.analytics;

import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.CustomerRepository;
import io.omnihub.delivery.ReplyCounts;
import io.omnihub.request.MessageRepository;
import io.omnihub.request.RequestRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * Depersonalised counts: requests per channel, messages per channel and direction (a reply counted on the channel it
 * went on, or as held), customers per status. Each feature counts its own rows. Erasure keeps the emptied rows, so
 * these do not change when a customer is erased.
 */
@ApplicationScoped
class AnalyticsCounts {

    private final RequestRepository requests;
    private final MessageRepository messages;
    private final ReplyCounts replies;
    private final CustomerRepository customers;

    AnalyticsCounts(RequestRepository requests, MessageRepository messages, ReplyCounts replies,
            CustomerRepository customers) {
        this.requests = requests;
        this.messages = messages;
        this.replies = replies;
        this.customers = customers;
    }

    /** One after the other, on one session. */
    @WithSession
    Uni<Map<String, Map<String, Long>>> all() {
        return requests.countByChannel().chain(byChannel -> messages.countByChannel()
                .chain(carried -> replies.byChannel().chain(sent -> customers.countByStatus().map(byStatus -> {
                    Map<String, Long> all = new TreeMap<>(carried);
                    sent.forEach((channel, n) -> all.merge(channel + ":outbound", n, Long::sum));
                    return Map.of("requestsByChannel", byChannel, "messagesByChannel", all,
                            "customersByStatus", byStatus);
                }))));
    }
}
