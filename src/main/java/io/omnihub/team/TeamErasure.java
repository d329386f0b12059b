package io.omnihub.team;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.smallrye.mutiny.Uni;

/** Teams and the roster hold no customer's data. */
@ApplicationScoped
class TeamErasure implements ErasureContribution {

    @Override
    public Map<String, Table> tables() {
        return Map.of("team", Table.none("teams' names, hours, targets and capacity"),
                "operator", Table.none("operators' work accounts: subject, teams, availability"),
                "canned_response", Table.none("templates the team wrote; variables are filled in only when used"));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return Uni.createFrom().item(Erased.NOTHING);
    }
}
