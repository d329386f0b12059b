package io.omnihub.platform;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Appends to the audit log inside the caller's transaction. */
@ApplicationScoped
public class Audit {

    private final Json json;
    private final Clock clock;

    public Audit(Json json, Clock clock) {
        this.clock = clock;
        this.json = json;
    }

    public Uni<Void> record(String actor, String action, String subjectType, UUID subjectId, Map<String, ?> details) {
        AuditLog entry = new AuditLog();
        entry.id = Ids.next();
        entry.occurredAt = clock.instant();
        entry.actor = actor;
        entry.action = action;
        entry.subjectType = subjectType;
        entry.subjectId = subjectId;
        entry.details = json.write(details);
        return Panache.getSession().chain(s -> s.persist(entry));
    }
}
