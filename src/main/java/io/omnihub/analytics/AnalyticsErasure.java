package io.omnihub.analytics;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.omnihub.platform.ErasureContribution;
import io.smallrye.mutiny.Uni;

/** The analytics feature's tables hold aggregates and event ids only: an erasure leaves them, and its figures, as is. */
@ApplicationScoped
class AnalyticsErasure implements ErasureContribution {

    @Override
    public Map<String, Table> tables() {
        return Map.of(
                "analytics_rollup", Table.none("counts per hour, team, channel and operator; no customer ids"),
                "analytics_rollup_day", Table.none("the same counts per day"),
                "analytics_rollup_team_day", Table.none("the same counts per day, without the operator"),
                "analytics_seen", Table.none("ids of events already counted"));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session session, Subject subject) {
        return Uni.createFrom().item(Erased.NOTHING);
    }
}
