package io.omnihub.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.omnihub.platform.ProblemException;
import io.omnihub.platform.Production;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;

/**
 * Mints real signed operator tokens, which Omnihub verifies like any identity provider's. For the demo, the tests
 * and the console's local sign-in; off unless {@code omnihub.security.local-issuer-enabled=true}, and then every
 * use answers 404. It mints admin tokens, so start-up refuses it in the production profile, and anywhere HTTP
 * listens on more than a loopback address.
 */
@ApplicationScoped
public class LocalIssuer {

    static final Set<String> ROLES = Set.of(Roles.OPERATOR, Roles.SUPERVISOR, Roles.PRIVACY_OFFICER, Roles.ADMIN);

    private final SecurityConfig config;
    private final String issuer;
    private final Set<String> audiences;
    private final String host;

    public LocalIssuer(SecurityConfig config, @ConfigProperty(name = "mp.jwt.verify.issuer") String issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Set<String> audiences,
            @ConfigProperty(name = "quarkus.http.host") String host) {
        this.config = config;
        this.issuer = issuer;
        this.audiences = audiences;
        this.host = host;
    }

    void refuseUnsafe(@Observes StartupEvent event) {
        if (!enabled()) {
            return;
        }
        if (Production.active()) {
            throw Production.unsafe("OMNIHUB_SECURITY_LOCAL_ISSUER_ENABLED", "must be false in the production"
                    + " profile: the local issuer mints admin tokens; operators sign in through the identity"
                    + " provider (MP_JWT_VERIFY_ISSUER, MP_JWT_VERIFY_PUBLICKEY_LOCATION)");
        }
        if (!loopback(host)) {
            throw Production.unsafe("QUARKUS_HTTP_HOST", "must be a loopback address while the local issuer is"
                    + " enabled (OMNIHUB_SECURITY_LOCAL_ISSUER_ENABLED), so that nobody else can mint tokens; it is "
                    + host);
        }
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
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
                .audience(audiences)
                .subject(subject)
                .upn(subject)
                .groups(Set.copyOf(roles))
                .claim("teams", teams == null ? List.of() : teams)
                .expiresIn(ttl)
                .sign();
    }
}
