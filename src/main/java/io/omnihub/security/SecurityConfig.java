package io.omnihub.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Authentication and limits. */
@ConfigMapping(prefix = "omnihub.security")
public interface SecurityConfig {

    /** The team requests belong to when their adapter's credential names none (env OMNIHUB_SECURITY_DEFAULT_TEAM). */
    @WithDefault("support")
    String defaultTeam();

    /** Requests per second per credential or operator, unless a credential sets its own (env OMNIHUB_SECURITY_RATE_LIMIT). */
    @WithDefault("200")
    int rateLimit();

    /**
     * How many replicas share the rate limits: while Redis is unavailable each replica allows its share, the limit
     * divided by this (env OMNIHUB_SECURITY_REPLICAS).
     */
    @WithDefault("2")
    int replicas();

    /**
     * Serves {@code POST /api/v1/local/tokens}, which mints signed operator tokens. For the demo and tests only;
     * production uses the organisation's identity provider (env OMNIHUB_SECURITY_LOCAL_ISSUER_ENABLED).
     */
    @WithDefault("false")
    boolean localIssuerEnabled();
}
