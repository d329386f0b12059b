package io.omnihub.intake;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.smallrye.mutiny.Uni;

/**
 * The intake feature's part of an erasure: its idempotency receipts of the customer's messages go, in the database and
 * on the Redis fast path.
 */
@ApplicationScoped
class IntakeErasure implements ErasureContribution {

    @Override
    public Map<String, Table> tables() {
        return Map.of("inbound_receipt", Table.personal("deleted"));
    }

    private final IdempotencyFastPath fastPath;

    IntakeErasure(IdempotencyFastPath fastPath) {
        this.fastPath = fastPath;
    }

    /** The receipts go, and so do the Redis keys of the same messages (they name their external ids). */
    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return s.createNativeQuery("DELETE FROM inbound_receipt WHERE customer_id IN (?1)"
                + " RETURNING channel, external_id", Object[].class).setParameter(1, subject.customerIds())
                .getResultList()
                .call(rows -> fastPath.forget(rows.stream()
                        .map(r -> IdempotencyFastPath.key((String) r[0], (String) r[1])).toList()))
                .replaceWith(Erased.NOTHING);
    }
}
