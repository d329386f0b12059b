package io.omnihub.request;

import java.util.UUID;

/**
 * What other features read of a request: whose it is, where it stands and where it came in, its thread still sealed
 * with the customer's key, the operator who owns it (or null) and its team. A copy: only {@code request} writes requests.
 */
public record RequestFacts(UUID id, UUID customerId, RequestStatus status, String originChannel,
        byte[] originThreadEnc, String assignee, String team) {

    /** Whether its customer was erased: erasure empties the thread reference ({@code RequestErasure}). */
    public boolean erased() {
        return originThreadEnc != null && originThreadEnc.length == 0;
    }

    static RequestFacts of(Request r) {
        return r == null ? null
                : new RequestFacts(r.id, r.customerId, r.status, r.originChannel, r.originThreadEnc, r.assignee,
                        r.team);
    }
}
