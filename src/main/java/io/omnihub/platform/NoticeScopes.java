package io.omnihub.platform;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * Who may see a live notice: the customer and teams of a request, or every team with a request of a customer. The
 * request feature owns requests and implements this, so that {@link LiveNotices} reads no feature's table.
 */
public interface NoticeScopes {

    /** The request's customer and its team; no teams when there is no such request. */
    Uni<Scope> ofRequest(UUID requestId);

    /** The teams of the customer's requests. */
    Uni<Scope> ofCustomer(UUID customerId);

    /** A notice's customer (null when unknown) and the teams that may know of it. */
    record Scope(UUID customer, List<String> teams) {

        public static final Scope NONE = new Scope(null, List.of());
    }
}
