package io.omnihub.platform;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import io.smallrye.config.SmallRyeConfig;

/**
 * The profile Omnihub runs in, and the refusal of settings that are unsafe there. Each feature checks its own
 * settings when it starts and throws {@link Unsafe}: start-up fails, and the message names the environment variable.
 */
public final class Production {

    private Production() {
    }

    /**
     * Whether this is the production profile: the packaged application run as it is ({@code prod}), not the local run
     * ({@code local}, whose parent is {@code prod}), dev mode or the tests.
     */
    public static boolean active() {
        List<String> profiles = ConfigProvider.getConfig().unwrap(SmallRyeConfig.class).getProfiles();
        return !profiles.isEmpty() && profiles.get(0).equals("prod");
    }

    /** A setting that must not be used as it is: names it by its environment variable and says why. */
    public static Unsafe unsafe(String variable, String why) {
        return new Unsafe("Unsafe configuration, refusing to start: " + variable + " " + why);
    }

    /** Thrown at start-up; its message is all the operator needs. */
    public static final class Unsafe extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        Unsafe(String message) {
            super(message);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // the message says it all; a stack trace would only bury it
        }
    }
}
