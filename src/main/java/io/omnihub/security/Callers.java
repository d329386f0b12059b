package io.omnihub.security;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/** Turns the authenticated identity into a {@link Caller}. */
@RequestScoped
public class Callers {

    static final String CHANNEL = "omnihub.channel";
    static final String CREDENTIAL = "omnihub.credential";
    static final String TEAM = "omnihub.team";
    static final String RATE_LIMIT = "omnihub.rate-limit";
    static final String VOUCHES = "omnihub.vouches";

    private final SecurityIdentity identity;

    public Callers(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller current() {
        return of(identity);
    }

    static Caller of(SecurityIdentity identity) {
        String name = identity.getPrincipal() == null ? "anonymous" : identity.getPrincipal().getName();
        if (identity.getAttribute(CHANNEL) != null) {
            return new Caller(name, identity.getRoles(), Set.of(), identity.getAttribute(CHANNEL),
                    identity.<UUID> getAttribute(CREDENTIAL), identity.getAttribute(TEAM),
                    identity.<Set<String>> getAttribute(VOUCHES));
        }
        Set<String> teams = identity.getPrincipal() instanceof JsonWebToken jwt ? teams(jwt) : Set.of();
        return new Caller(name, identity.getRoles(), teams, null, null, null, Set.of());
    }

    /** The teams of an operator's token (its {@code teams} claim: a list or one name). */
    public static Set<String> teams(JsonWebToken jwt) {
        Set<String> teams = new HashSet<>();
        if (jwt.getClaim("teams") != null) {
            Object claim = jwt.getClaim("teams");
            if (claim instanceof jakarta.json.JsonArray array) {
                array.forEach(v -> teams.add(((jakarta.json.JsonString) v).getString()));
            } else if (claim instanceof java.util.Collection<?> values) {
                values.forEach(v -> teams.add(String.valueOf(v)));
            } else {
                teams.add(String.valueOf(claim));
            }
        }
        return teams;
    }
}
