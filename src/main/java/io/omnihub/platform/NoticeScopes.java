package io.omnihub.platform;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Who may see a live notice: the customer and teams of a request, or every team with a request of a customer. The
 * request feature owns requests and implements this, so that {@link LiveNotices} reads no feature's table.
 */
public interface NoticeScopes {

    /** Each request's customer and its team, in one statement; a request not found is left out. */
    Uni<Map<UUID, Scope>> ofRequests(Set<UUID> requestIds);

    /** The teams of each customer's requests, in one statement; a customer without requests is left out. */
    Uni<Map<UUID, Scope>> ofCustomers(Set<UUID> customerIds);

    /** A notice's customer (null when unknown) and the teams that may know of it. */
    record Scope(UUID customer, List<String> teams) {

        public static final Scope NONE = new Scope(null, List.of());
    }
}
