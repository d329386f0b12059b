package io.omnihub.security;

import java.time.Instant;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.omnihub.platform.ProblemMapper;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * Rate limits per credential, kept in Redis so that every replica counts together: a fixed one-second window per
 * adapter credential, operator, or (for signed webhooks, which carry no credential) client address. Over the limit:
 * 429 with {@code Retry-After}. If Redis is unreachable, requests pass: availability over strictness.
 */
public class RateLimit {

    private static final Logger LOG = Logger.getLogger(RateLimit.class);

    private final ReactiveRedisDataSource redis;
    private final CurrentIdentityAssociation identities;
    private final SecurityConfig config;

    public RateLimit(ReactiveRedisDataSource redis, CurrentIdentityAssociation identities, SecurityConfig config) {
        this.redis = redis;
        this.identities = identities;
        this.config = config;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request, HttpServerRequest http) {
        if (!request.getUriInfo().getPath().startsWith("/api/") && !request.getUriInfo().getPath().startsWith("/webhooks/")) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity().chain(identity -> {
            String who = key(identity, http);
            Integer own = identity.getAttribute(Callers.RATE_LIMIT);
            int limit = own != null ? own : config.rateLimit();
            long second = Instant.now().getEpochSecond();
            String key = "omnihub:rl:" + who + ":" + second;
            return redis.execute("INCR", key)
                    .call(count -> count.toLong() == 1 ? redis.execute("EXPIRE", key, "2")
                            : Uni.createFrom().nullItem())
                    .map(count -> count.toLong() > limit ? tooMany(limit) : null)
                    .onFailure().recoverWithItem(e -> {
                        LOG.debugf("Rate limit not checked, Redis unavailable: %s", e.getMessage());
                        return null;
                    });
        });
    }

    private static String key(SecurityIdentity identity, HttpServerRequest http) {
        if (identity.isAnonymous()) {
            return "ip:" + (http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress());
        }
        Object credential = identity.getAttribute(Callers.CREDENTIAL);
        return credential != null ? "key:" + credential : "sub:" + identity.getPrincipal().getName();
    }

    private static Response tooMany(int limit) {
        return Response.fromResponse(ProblemMapper.response(429, "rate-limited",
                "More than " + limit + " requests per second", null)).header("Retry-After", "1").build();
    }
}
