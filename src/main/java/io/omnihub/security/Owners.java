package io.omnihub.security;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * What object-level checks read from the features that own the objects. {@link Visibility} serves every feature, so
 * it depends on none: {@code request} and {@code customer} implement these, each with its own statement on its own
 * table.
 */
public final class Owners {

    private Owners() {
    }

    /** Requests' teams, implemented by the request feature. */
    public interface RequestTeams {

        /** The request's team, and whether its customer's data was erased; empty when there is no such request. */
        Uni<Optional<RequestScope>> of(UUID requestId);

        /** Those of these customers with a request in one of these teams. */
        Uni<Set<UUID>> withRequestsIn(Collection<UUID> customers, Collection<String> teams);
    }

    /** A request's team, and whether it was emptied by its customer's erasure. */
    public record RequestScope(String team, boolean erased) {
    }

    /** Customers' statuses, implemented by the customer feature. */
    public interface CustomerStatuses {

        /** ACTIVE, MERGED or ERASED, by customer; customers that do not exist are absent. */
        Uni<Map<UUID, String>> of(Collection<UUID> customers);
    }
}
