package io.omnihub.customer;

import java.util.List;
import java.util.UUID;

import io.smallrye.mutiny.Uni;

/**
 * A merge's part in the requests: they follow their customer to the survivor, and back when the merge is undone.
 * The request feature owns requests and implements this, since it depends on customer. Runs in the caller's
 * transaction; each moved request's version moves, so a writer that loaded it before runs again.
 */
public interface MergedRequests {

    /** Moves every request of {@code from} to {@code to}; answers the ids moved. */
    Uni<List<UUID>> moveAll(UUID from, UUID to);

    /** Moves these requests (what a merge moved) to {@code to}. */
    Uni<Void> move(List<UUID> requestIds, UUID to);
}
