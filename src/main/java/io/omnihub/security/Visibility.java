package io.omnihub.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.omnihub.platform.ProblemException;
import io.smallrye.mutiny.Uni;

/**
 * Object-level authorisation: every id a caller names is checked against what the caller may see. Requests
 * belong to a team; a customer is visible to an operator who sees at least one of the customer's requests. What a
 * caller may not see answers 404, exactly like what does not exist. What it reads comes from the owners of requests
 * and customers ({@link Owners}).
 */
@ApplicationScoped
public class Visibility {

    private static final String ERASED = "ERASED";

    private final Owners.RequestTeams requests;
    private final Owners.CustomerStatuses customers;

    public Visibility(Owners.RequestTeams requests, Owners.CustomerStatuses customers) {
        this.requests = requests;
        this.customers = customers;
    }

    /** 404 for a request the caller may not see, 410 for one whose customer was erased. */
    public Uni<Void> request(UUID requestId, Caller caller) {
        return requests.of(requestId).map(scope -> {
            request(scope.orElse(null), caller);
            return null;
        });
    }

    /**
     * As {@link #request(UUID, Caller)}, for a request a use case has read itself (null: there is none), so that
     * the check costs no statement of its own.
     */
    public void request(Owners.RequestScope scope, Caller caller) {
        if (scope == null || !caller.sees(scope.team())) {
            throw ProblemException.notFound("Request");
        }
        if (scope.erased()) {
            throw gone();
        }
    }

    /** Which of these customers the caller may see (not erased, and a request of theirs in the caller's teams). */
    public Uni<Set<UUID>> seen(Collection<UUID> ids, Caller caller) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        return customers.of(ids).chain(statuses -> {
            List<UUID> present = statuses.entrySet().stream().filter(e -> !ERASED.equals(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            return caller.seesAllTeams() || present.isEmpty() ? Uni.createFrom().item(Set.copyOf(present))
                    : requests.withRequestsIn(present, caller.teams());
        });
    }

    /** Whether the caller may see this customer (not erased, and one of its requests in the caller's teams). */
    public Uni<Boolean> sees(UUID customerId, Caller caller) {
        return customer(customerId, caller).replaceWith(true).onFailure(ProblemException.class).recoverWithItem(false);
    }

    /** 404 for a customer the caller may not see, 410 for an erased one. */
    public Uni<Void> customer(UUID customerId, Caller caller) {
        return customers.of(List.of(customerId))
                .chain(statuses -> customer(customerId, statuses.get(customerId), caller));
    }

    /**
     * As {@link #customer(UUID, Caller)}, for a profile whose status a use case has read itself (null: there is
     * none), so that the check reads no status of its own; a caller who sees every team costs no statement.
     */
    public Uni<Void> customer(UUID customerId, String status, Caller caller) {
        if (status == null) {
            return Uni.createFrom().failure(ProblemException.notFound("Customer"));
        }
        Uni<Boolean> visible = caller.seesAllTeams() ? Uni.createFrom().item(true)
                : requests.withRequestsIn(List.of(customerId), caller.teams()).map(s -> s.contains(customerId));
        return visible.map(yes -> {
            if (!yes) {
                throw ProblemException.notFound("Customer");
            }
            if (ERASED.equals(status)) {
                throw gone();
            }
            return null;
        });
    }

    private static ProblemException gone() {
        return new ProblemException(410, "erased", "This customer's data was erased");
    }
}
