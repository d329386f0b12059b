package io.omnihub.customer;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** One entry of the merge log. */
public record MergeView(UUID id, UUID survivorId, UUID mergedId, String reason, JsonNode moved, String actor,
        Instant createdAt, Instant unmergedAt, String unmergedBy) {
}
