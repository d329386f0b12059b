package io.omnihub.intake;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.smallrye.mutiny.Uni;

/** The intake feature's part of an erasure: its idempotency receipts of the customer's messages go. */
@ApplicationScoped
class IntakeErasure implements ErasureContribution {

    @Override
    public Map<String, Table> tables() {
        return Map.of("inbound_receipt", Table.personal("deleted"));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return ErasureContribution.run(s, subject,
                Statement.of("DELETE FROM inbound_receipt WHERE customer_id IN (?1)"))
                .map(Erased::counted);
    }
}
