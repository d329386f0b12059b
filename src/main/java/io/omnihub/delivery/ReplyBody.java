package io.omnihub.delivery;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A reply, as the API and the console take it; the purpose is SERVICE unless said otherwise.
 *
 * @param takeOver answer a request another operator owns, and own it from now on
 */
public record ReplyBody(@NotBlank @Size(max = 100_000) String text, String purpose, Boolean takeOver) {
}
