package io.omnihub.request;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** An internal note, as the API and the console take it. */
public record NoteBody(@NotBlank @Size(max = 10_000) String text) {
}
