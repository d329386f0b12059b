package io.omnihub.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The operator console. */
@ConfigMapping(prefix = "omnihub.console")
public interface ConsoleConfig {

    /**
     * Marks the session cookie {@code Secure}, so browsers send it over HTTPS only. Off only for plain-HTTP local
     * runs (env OMNIHUB_CONSOLE_SECURE_COOKIE).
     */
    @WithDefault("true")
    boolean secureCookie();

    /** How long a local sign-in lasts; tokens from the identity provider keep their own expiry. */
    @WithDefault("PT8H")
    Duration localSession();

    /** Rows in one screen of the queue. */
    @WithDefault("50")
    int queuePage();
}
