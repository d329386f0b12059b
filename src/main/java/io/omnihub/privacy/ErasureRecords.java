package io.omnihub.privacy;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.smallrye.mutiny.Uni;

/** The privacy feature's own tables: erasure requests and their destruction acts, kept as proof, and keyword asks. */
@ApplicationScoped
class ErasureRecords implements ErasureContribution {

    @Override
    public Map<String, Table> tables() {
        return Map.of("erasure_request", Table.none("the destruction act itself: ids, legal basis, counts and a log"
                + " extract of ids, actions and times; kept as proof"),
                "erasure_ask", Table.personal("a keyword erasure not yet carried out holds the sender's keyed lookup"
                        + " hash: deleted with its erasure, or with an erasure of the profile it was asked on"),
                "erasure_log_position", Table.none("offsets of the erasure log this database has applied, per"
                        + " partition"));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return ErasureContribution.run(s, subject, Statement.of("DELETE FROM erasure_ask WHERE customer_id IN (?1)"))
                .map(Erased::counted);
    }
}
