package io.omnihub.console.session;

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
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * The console's session: the operator's token, held in an HttpOnly, SameSite=Strict cookie scoped to
 * {@code /console}, verified on every request with the same issuer, key and expiry rules as a bearer token. The
 * API never accepts the cookie, so a browser session cannot be turned against it.
 */
@ApplicationScoped
class SessionCookieMechanism implements HttpAuthenticationMechanism {

    static final String COOKIE = "omnihub_console";
    static final String PATH = "/console";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        Cookie cookie = context.request().getCookie(COOKIE);
        if (cookie == null || cookie.getValue().isBlank() || !context.normalizedPath().startsWith(PATH)) {
            return Uni.createFrom().optional(Optional.empty());
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                new SessionRequest(cookie.getValue()), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(SessionRequest.class);
    }

    @Override
    public int getPriority() {
        return 1500; // after adapter keys, before bearer tokens
    }

    /** The token a console session carries. */
    public static final class SessionRequest extends BaseAuthenticationRequest {
        final String token;

        SessionRequest(String token) {
            this.token = token;
        }
    }

    /** Verifies the session's token and makes the operator's identity of it: roles from {@code groups}. */
    @ApplicationScoped
    public static class SessionIdentityProvider implements IdentityProvider<SessionRequest> {

        private final JWTParser parser;

        public SessionIdentityProvider(JWTParser parser) {
            this.parser = parser;
        }

        @Override
        public Class<SessionRequest> getRequestType() {
            return SessionRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(SessionRequest request, AuthenticationRequestContext context) {
            // verifying may fetch the identity provider's keys: off the event loop
            return context.runBlocking(() -> {
                try {
                    var jwt = parser.parse(request.token);
                    return QuarkusSecurityIdentity.builder().setPrincipal(jwt).addRoles(jwt.getGroups()).build();
                } catch (ParseException e) {
                    throw new AuthenticationFailedException("invalid or expired console session");
                }
            });
        }
    }
}
