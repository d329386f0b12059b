package io.omnihub.delivery;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A reply, as the API and the console take it; the purpose is SERVICE unless said otherwise. */
public record ReplyBody(@NotBlank @Size(max = 100_000) String text, String purpose) {
}
