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
public class MergeLog {

    @Id
    public UUID id;

    @Column(name = "survivor_id")
    public UUID survivorId;

    @Column(name = "merged_id")
    public UUID mergedId;

    public String reason;

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
