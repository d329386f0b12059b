package io.omnihub.intake.http;

import java.util.UUID;

import io.omnihub.intake.IntakeResult;

/**
 * The answer to an inbound submission.
 *
 * @param outcome NEW_REQUEST or APPENDED
 */
public record IntakeResponse(UUID requestId, UUID customerId, UUID messageId, String outcome, boolean newRequest,
        boolean duplicate, String status) {

    static IntakeResponse of(IntakeResult r) {
        return new IntakeResponse(r.requestId(), r.customerId(), r.messageId(),
                r.newRequest() ? "NEW_REQUEST" : "APPENDED", r.newRequest(), r.duplicate(), r.status());
    }
}
