package io.omnihub.platform;

import java.time.Clock;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.quarkus.arc.DefaultBean;

/**
 * The one source of "now": every class that needs the time injects this {@link Clock} instead of calling
 * {@code Instant.now()}, so tests of timers, windows, retention and analytics can move time instead of sleeping
 * (a test bean of type {@code Clock} replaces this default).
 */
class Clocks {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
