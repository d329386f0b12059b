package io.omnihub.platform;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/** Appends to the audit log inside the caller's transaction. */
@ApplicationScoped
public class Audit {

    private final Json json;

    public Audit(Json json) {
        this.json = json;
    }

    public Uni<Void> record(String actor, String action, String subjectType, UUID subjectId, Map<String, ?> details) {
        AuditLog entry = new AuditLog();
        entry.id = Ids.next();
        entry.occurredAt = Instant.now();
        entry.actor = actor;
        entry.action = action;
        entry.subjectType = subjectType;
        entry.subjectId = subjectId;
        entry.details = json.write(details);
        return Panache.getSession().chain(s -> s.persist(entry));
    }
}
