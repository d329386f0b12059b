package io.omnihub.delivery;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A delivery receipt, as an adapter reports it over HTTP or Kafka.
 *
 * @param attempt the attempt it is about (from the reply's payload), so late receipts of earlier attempts are
 *        ignored
 * @param externalId the channel's own id for the sent message, if any
 */
public record Receipt(@NotBlank String messageId, @NotBlank @Size(max = 32) String channel,
        @NotNull @Pattern(regexp = "QUEUED|SENT|DELIVERED|READ|FAILED", message = "must be QUEUED, SENT, DELIVERED, READ or FAILED") String status,
        @Size(max = 200) String externalId, Integer attempt, @Size(max = 500) String detail, Boolean permanent) {

    /** A FAILED receipt that says the number or address cannot be reached at all (a hard bounce). */
    public boolean hardBounce() {
        return "FAILED".equals(status) && Boolean.TRUE.equals(permanent);
    }
}
