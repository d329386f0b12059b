package io.omnihub.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.omnihub.platform.ProblemException;
import io.omnihub.platform.ProblemMapper;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Rate limits on the API, per adapter credential or operator, and per client address for anonymous calls, which
 * therefore never spend a credential's budget. Over the limit: 429 with {@code Retry-After}. Signed webhooks are
 * limited by their resources instead, per bot or SMS account, once the signature has been checked.
 */
class RateLimit {

    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identities;

    public RateLimit(RateLimiter limiter, CurrentIdentityAssociation identities) {
        this.limiter = limiter;
        this.identities = identities;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api/")) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().chain(identity -> {
            Integer own = identity.getAttribute(Callers.RATE_LIMIT);
            Uni<Void> check = own != null ? limiter.check(key(identity, http), own)
                    : limiter.check(key(identity, http));
            return check.replaceWith((Response) null)
                    .onFailure(ProblemException.class).recoverWithItem(e -> ProblemMapper.map((ProblemException) e));
        });
    }

    private static String key(SecurityIdentity identity, HttpServerRequest http) {
        if (identity.isAnonymous()) {
            return "ip:" + (http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        }
        Object credential = identity.getAttribute(Callers.CREDENTIAL);
        return credential != null ? "key:" + credential : "sub:" + identity.getPrincipal().getName();
    }
}
