package io.omnihub.request;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.customer.CustomerQueries;
import io.omnihub.platform.ProblemException;
import io.omnihub.team.CannedResponses;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** A request's team's canned responses, filled in for it: its customer's name, its number, its channel's variant. */
@ApplicationScoped
public class RequestTemplates {

    private final RequestRepository requests;
    private final CustomerQueries customers;
    private final CannedResponses templates;

    RequestTemplates(RequestRepository requests, CustomerQueries customers, CannedResponses templates) {
        this.requests = requests;
        this.customers = customers;
        this.templates = templates;
    }

    /** A template ready to insert in the reply box. */
    public record Filled(UUID id, String name, String text, boolean approved) {
    }

    /** The short number operators and customers quote: the last eight hex digits of the id. */
    public static String number(UUID requestId) {
        String hex = requestId.toString().replace("-", "");
        return hex.substring(hex.length() - 8).toUpperCase(Locale.ROOT);
    }

    /** Each read on a connection of its own, one after the other: none waits for a second one while holding one. */
    public Uni<List<Filled>> of(UUID requestId) {
        return Panache.withSession(() -> requests.findById(requestId)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("Request"))
                .map(r -> new Head(r.team, r.originChannel, r.customerId)))
                .chain(r -> customers.byId(r.customerId()).chain(customer -> templates.of(r.team()).map(found -> {
                    Map<String, String> values = Map.of("customer.name",
                            customer == null || customer.name() == null ? "" : customer.name(),
                            "request.number", number(requestId));
                    return found.stream().map(t -> new Filled(t.id(), t.name(), t.render(r.channel(), values),
                            t.approved())).toList();
                })));
    }

    /** Whether {@code text} is, word for word, an approved template of the request's team filled in for it. */
    public Uni<Boolean> isApproved(UUID requestId, UUID templateId, String text) {
        return of(requestId).map(filled -> filled.stream()
                .anyMatch(t -> t.id().equals(templateId) && t.approved() && t.text().equals(text)));
    }

    private record Head(String team, String channel, UUID customerId) {
    }
}
