package io.omnihub.security;

import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates channel adapters by the {@code X-Omnihub-Key} header. Tried before bearer tokens, so a request
 * that carries a key is an adapter's.
 */
@ApplicationScoped
class AdapterKeyMechanism implements HttpAuthenticationMechanism {

    public static final String HEADER = "X-Omnihub-Key";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = context.request().getHeader(HEADER);
        if (key == null) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new KeyRequest(key), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "OmnihubKey"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(KeyRequest.class);
    }

    @Override
    public int getPriority() {
        return 2000;
    }

    /** The key an adapter presented. */
    public static final class KeyRequest extends BaseAuthenticationRequest {
        final String key;

        KeyRequest(String key) {
            this.key = key;
        }
    }

    /** Turns a valid key into an adapter identity bound to its channel. */
    @ApplicationScoped
    public static class KeyIdentityProvider implements IdentityProvider<KeyRequest> {

        private final AdapterCredentials credentials;

        public KeyIdentityProvider(AdapterCredentials credentials) {
            this.credentials = credentials;
        }

        @Override
        public Class<KeyRequest> getRequestType() {
            return KeyRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(KeyRequest request, AuthenticationRequestContext context) {
            return credentials.authenticate(request.key).map(c -> {
                if (c == null) {
                    throw new AuthenticationFailedException("unknown or revoked adapter key");
                }
                QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(c.adapter()))
                        .addRole(Roles.ADAPTER)
                        .addAttribute(Callers.CHANNEL, c.channel())
                        .addAttribute(Callers.CREDENTIAL, c.id())
                        .addAttribute(Callers.VOUCHES, Set.copyOf(c.vouches()));
                if (c.team() != null) {
                    identity.addAttribute(Callers.TEAM, c.team());
                }
                if (c.rateLimit() != null) {
                    identity.addAttribute(Callers.RATE_LIMIT, c.rateLimit());
                }
                return identity.build();
            });
        }
    }
}
