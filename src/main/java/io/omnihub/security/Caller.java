package io.omnihub.security;

import java.util.Set;
import java.util.UUID;

/**
 * Who is calling, as the services see it.
 *
 * @param subject the operator's subject, or the adapter's name
 * @param teams the teams an operator may see; {@code *} for all
 * @param channel for an adapter: the one channel it is bound to
 * @param credentialId for an adapter: its credential
 * @param team for an adapter: the team its requests belong to, if set
 * @param vouches for an adapter: the identifier kinds (wire names) its credential vouches for
 */
public record Caller(String subject, Set<String> roles, Set<String> teams, String channel, UUID credentialId,
        String team, Set<String> vouches) {

    public static final String ALL_TEAMS = "*";

    public boolean isAdapter() {
        return channel != null;
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Privacy officers and callers with the {@code *} team see every team. */
    public boolean seesAllTeams() {
        return roles.contains(Roles.PRIVACY_OFFICER) || teams.contains(ALL_TEAMS);
    }

    public boolean sees(String team) {
        return seesAllTeams() || teams.contains(team);
    }

    /**
     * Supervisors and privacy officers see customers' contact points in full; operators see them masked, since
     * replies go through Omnihub and never need the number or address itself.
     */
    public boolean seesFullContacts() {
        return roles.contains(Roles.SUPERVISOR) || roles.contains(Roles.PRIVACY_OFFICER);
    }

    /** The caller's name for audit logs and authors: never personal data of customers. */
    public String actor() {
        return (isAdapter() ? "adapter:" : "user:") + subject;
    }
}
