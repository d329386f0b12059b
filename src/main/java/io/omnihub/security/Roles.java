package io.omnihub.security;

/** The roles of Omnihub's callers. Operators' roles come from their token's {@code groups} claim. */
public final class Roles {

    public static final String OPERATOR = "operator";
    public static final String SUPERVISOR = "supervisor";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String ADMIN = "admin";
    /** A channel adapter, authenticated by its credential. */
    public static final String ADAPTER = "adapter";

    private Roles() {
    }
}
