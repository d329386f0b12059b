package io.omnihub.security;

import java.time.Duration;
import java.util.List;
import java.util.Set;

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

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.omnihub.platform.ProblemException;
import io.smallrye.jwt.build.Jwt;

/**
 * A local token issuer for the demo and the tests: it mints real signed operator tokens that Omnihub verifies like
 * any identity provider's. Off unless {@code omnihub.security.local-issuer-enabled=true}; then it answers 404.
 */
@Path("/api/v1/local/tokens")
@Tag(name = "Local issuer (demo and tests)")
@PermitAll
public class LocalTokenResource {

    private static final Set<String> ROLES = Set.of(Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER,
            Roles.ADMIN);

    private final SecurityConfig config;
    private final String issuer;

    public LocalTokenResource(SecurityConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.config = config;
        this.issuer = issuer;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Mint a signed operator token (local issuer; disabled in production)")
    public TokenAnswer mint(@Valid @NotNull TokenRequest request) {
        if (!config.localIssuerEnabled()) {
            throw ProblemException.notFound("Resource");
        }
        if (!ROLES.containsAll(request.roles())) {
            throw ProblemException.invalidField("roles", "must be among " + ROLES);
        }
        long ttl = request.ttlSeconds() == null ? 3600 : request.ttlSeconds();
        String token = Jwt.issuer(issuer)
                .subject(request.subject())
                .upn(request.subject())
                .groups(Set.copyOf(request.roles()))
                .claim("teams", request.teams() == null ? List.of() : request.teams())
                .expiresIn(Duration.ofSeconds(ttl))
                .sign();
        return new TokenAnswer(token, ttl);
    }

    /** Who the token is for. {@code teams} scopes operators and supervisors; {@code *} sees every team. */
    public record TokenRequest(@NotBlank @Size(max = 100) String subject, @NotEmpty List<@NotBlank String> roles,
            @Size(max = 50) List<@NotBlank String> teams, @Positive @Max(86_400) Long ttlSeconds) {
    }

    public record TokenAnswer(String token, long expiresIn) {
    }
}
