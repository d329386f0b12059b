package io.omnihub.platform;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/** Who changed what, when. Details never carry personal data. */
@Entity
@Table(name = "audit_log")
class AuditLog {

    @Id
    public UUID id;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    public String actor;

    public String action;

    @Column(name = "subject_type")
    public String subjectType;

    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(read = "details::text", write = "?::text::jsonb")
    public String details;
}
