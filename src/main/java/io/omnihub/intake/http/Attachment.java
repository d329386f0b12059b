package io.omnihub.intake.http;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** Metadata of an attachment; the content stays with the channel. */
public record Attachment(
        @NotBlank @Size(max = 255) String name,
        @NotBlank @Size(max = 100) String contentType,
        @PositiveOrZero long size,
        @Size(max = 2000) String url) {
}
