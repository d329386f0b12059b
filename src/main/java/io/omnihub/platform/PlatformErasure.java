package io.omnihub.platform;

import static java.util.Map.entry;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.reactive.mutiny.Mutiny;

import io.smallrye.mutiny.Uni;

/** The platform's part of an erasure: audit entries about the customer lose their details; who did what, when, stays. */
@ApplicationScoped
class PlatformErasure implements ErasureContribution {

    private final Json json;

    PlatformErasure(Json json) {
        this.json = json;
    }

    @Override
    public Map<String, Table> tables() {
        return Map.ofEntries(
                entry("audit_log", Table.personal("details emptied for the customer (preferences before and after,"
                        + " say); who did what, when, stays and goes into the act's log extract")),
                entry("flyway_schema_history", Table.none("schema versions")));
    }

    @Override
    public Uni<Erased> erase(Mutiny.Session s, Subject subject) {
        return ErasureContribution.log(s, subject, json, "SELECT occurred_at AS at, actor, action,"
                + " subject_type AS subject FROM audit_log WHERE subject_id IN (?1)")
                .chain(log -> ErasureContribution.run(s, subject,
                        Statement.of("UPDATE audit_log SET details = '{}'::jsonb WHERE subject_id IN (?1)"))
                        .map(counts -> new Erased(counts, log)));
    }
}
