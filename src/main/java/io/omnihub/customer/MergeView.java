package io.omnihub.customer;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the merge log.
 *
 * @param basis TRUSTED (vouched or verified identifiers), MANUAL (a supervisor) or LEGACY (made before trust levels;
 *        review it)
 */
public record MergeView(UUID id, UUID survivorId, UUID mergedId, String reason, String basis, JsonNode moved,
        String actor,
        Instant createdAt, Instant unmergedAt, String unmergedBy) {
}
