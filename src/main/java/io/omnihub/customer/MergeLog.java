package io.omnihub.customer;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;

/** What a merge moved from one profile to the golden record, why and when, so that it can be undone. */
@Entity
@Table(name = "merge_log")
class MergeLog {

    @Id
    public UUID id;

    @Column(name = "survivor_id")
    public UUID survivorId;

    @Column(name = "merged_id")
    public UUID mergedId;

    public String reason;

    /** What the merge stood on. */
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Basis basis;

    /**
     * TRUSTED: vouched or verified identifiers seen together; MANUAL: a supervisor's decision; LEGACY: made before
     * trust levels existed, perhaps on claimed identifiers (keyword erasure does not reach through it).
     */
    public enum Basis {
        TRUSTED,
        MANUAL,
        LEGACY
    }

    /** JSON: {@code {"contactPoints": [ids], "requests": [ids]}} */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(read = "moved::text", write = "?::text::jsonb")
    public String moved;

    public String actor;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "unmerged_at")
    public Instant unmergedAt;

    @Column(name = "unmerged_by")
    public String unmergedBy;
}
