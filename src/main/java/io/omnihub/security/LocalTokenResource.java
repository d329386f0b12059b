package io.omnihub.security;

import java.time.Duration;
import java.util.List;

import jakarta.annotation.security.PermitAll;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The local token issuer over HTTP, for the demo and the tests ({@link LocalIssuer}). Off unless
 * {@code omnihub.security.local-issuer-enabled=true}; then it answers 404.
 */
@Path("/api/v1/local/tokens")
@Tag(name = "Local issuer (demo and tests)")
@PermitAll
public class LocalTokenResource {

    private final LocalIssuer issuer;

    public LocalTokenResource(LocalIssuer issuer) {
        this.issuer = issuer;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mint a signed operator token (local issuer; disabled in production)")
    public TokenAnswer mint(@Valid @NotNull TokenRequest request) {
        long ttl = request.ttlSeconds() == null ? 3600 : request.ttlSeconds();
        return new TokenAnswer(issuer.mint(request.subject(), request.roles(), request.teams(),
                Duration.ofSeconds(ttl)), ttl);
    }

    /** Who the token is for. {@code teams} scopes operators and supervisors; {@code *} sees every team. */
    public record TokenRequest(@NotBlank @Size(max = 100) String subject, @NotEmpty List<@NotBlank String> roles,
            @Size(max = 50) List<@NotBlank String> teams, @Positive @Max(86_400) Long ttlSeconds) {
    }

    public record TokenAnswer(String token, long expiresIn) {
    }
}
