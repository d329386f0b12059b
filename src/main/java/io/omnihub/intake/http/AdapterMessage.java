package io.omnihub.intake.http;

import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * One inbound message from a channel adapter (web, app, office, or any other).
 *
 * @param channel the channel id, as in {@code channels/<id>/channel.yaml}
 * @param externalId the adapter's id for this message: the idempotency key
 * @param thread the conversation or thread reference on that channel
 * @param customer the identifiers the channel knows
 * @param text the message
 * @param sentAt when the customer wrote it (default: now)
 * @param subject optional subject
 * @param category optional category
 * @param attachments optional attachment metadata
 * @param staffAuthor for office requests: the staff member who entered it on the customer's behalf
 */
public record AdapterMessage(
        @NotBlank @Size(max = 32) String channel,
        @NotBlank @Size(max = 200) String externalId,
        @NotBlank @Size(max = 200) String thread,
        @NotNull @Valid CustomerIdentifiers customer,
        @NotBlank @Size(max = 100_000) String text,
        Instant sentAt,
        @Size(max = 500) String subject,
        @Size(max = 100) String category,
        @Size(max = 20) List<@Valid @NotNull Attachment> attachments,
        @Size(max = 200) String staffAuthor) {
}
