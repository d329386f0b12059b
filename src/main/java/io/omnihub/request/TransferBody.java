package io.omnihub.request;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A transfer to another team, as the API and the console take it: where it goes, and why. */
public record TransferBody(@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,63}") String team,
        @NotBlank @Size(max = 2000) String note) {
}
