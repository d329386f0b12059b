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
                "erasure_ask", Table.none("a keyword erasure not yet carried out: ids, channel and time; the row goes"
                        + " once it is"));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return Uni.createFrom().item(Erased.NOTHING);
    }
}
