package io.omnihub.platform.health;

import java.time.Clock;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a background probe last learnt of a server: whether it answered, when it last did, and the kind of the last
 * failure. Logs each change once, and keeps the gauge {@code omnihub_dependency_up{dependency=…}}.
 */
final class ProbeState {

    private static final Logger LOG = Logger.getLogger(ProbeState.class);

    private final String dependency;
    private final String whileAway;
    private final Clock clock;
    private volatile boolean answering = true;
    private volatile Instant lastAnswer;
    private volatile String lastFailure = "";

    /** @param whileAway what Omnihub does while the server does not answer, for the log */
    ProbeState(String dependency, String whileAway, Clock clock, MeterRegistry registry) {
        this.dependency = dependency;
        this.whileAway = whileAway;
        this.clock = clock;
        this.lastAnswer = clock.instant();
        Gauge.builder("omnihub.dependency.up", this, p -> p.answering ? 1 : 0).tag("dependency", dependency)
                .description("1 while the dependency answers, 0 while Omnihub works around it")
                .register(registry);
    }

    void answered() {
        if (!answering) {
            LOG.infof("%s answers again", dependency);
        }
        answering = true;
        lastAnswer = clock.instant();
    }

    void failed(Throwable e) {
        if (answering) {
            LOG.warnf("%s does not answer (%s): %s", dependency, e.getClass().getSimpleName(), whileAway);
        }
        answering = false;
        lastFailure = e.getClass().getSimpleName();
    }

    boolean answering() {
        return answering;
    }

    Instant lastAnswer() {
        return lastAnswer;
    }

    String lastFailure() {
        return lastFailure;
    }
}
