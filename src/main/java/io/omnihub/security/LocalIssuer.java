package io.omnihub.security;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.omnihub.platform.ProblemException;
import io.smallrye.jwt.build.Jwt;

/**
 * Mints real signed operator tokens, which Omnihub verifies like any identity provider's. For the demo, the tests
 * and the console's local sign-in; off unless {@code omnihub.security.local-issuer-enabled=true}, and then every
 * use answers 404.
 */
@ApplicationScoped
public class LocalIssuer {

    static final Set<String> ROLES = Set.of(Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER, Roles.ADMIN);

    private final SecurityConfig config;
    private final String issuer;

    public LocalIssuer(SecurityConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer) {
        this.config = config;
        this.issuer = issuer;
    }

    public boolean enabled() {
        return config.localIssuerEnabled();
    }

    /** A token for this operator, valid for {@code ttl}. */
    public String mint(String subject, List<String> roles, List<String> teams, Duration ttl) {
        if (!enabled()) {
            throw ProblemException.notFound("Resource");
        }
        if (!ROLES.containsAll(roles)) {
            throw ProblemException.invalidField("roles", "must be among " + ROLES);
        }
        return Jwt.issuer(issuer)
                .subject(subject)
                .upn(subject)
                .groups(Set.copyOf(roles))
                .claim("teams", teams == null ? List.of() : teams)
                .expiresIn(ttl)
                .sign();
    }
}
