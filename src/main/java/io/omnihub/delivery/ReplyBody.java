package io.omnihub.delivery;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A reply, as the API and the console take it; the purpose is SERVICE unless said otherwise.
 *
 * @param takeOver answer a request another operator owns, and own it from now on
 * @param templateId the approved canned response the text is, filled in for the request, word for word: a channel
 *        whose descriptor says {@code templatesOutsideWindow} takes it after its reply window closed
 */
public record ReplyBody(@NotBlank @Size(max = 100_000) String text, String purpose, Boolean takeOver,
        @Pattern(regexp = "[0-9a-fA-F-]{36}", message = "must be a template id") String templateId) {

    public ReplyBody(String text, String purpose, Boolean takeOver) {
        this(text, purpose, takeOver, null);
    }

    /** The template's id, or null for free text. */
    public java.util.UUID template() {
        return templateId == null || templateId.isBlank() ? null : io.omnihub.platform.Ids.parse("templateId", templateId);
    }
}
