package io.omnihub.platform.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a background probe last learnt of a server: whether it answered, when it last did, and the kind of the last
 * failure. A server that has not answered yet is not answering, but not silent either until a probe failed. Logs
 * each change once, and keeps the gauge {@code omnihub_dependency_up{dependency=…}}.
 */
final class ProbeState {

    private static final Logger LOG = Logger.getLogger(ProbeState.class);

    private final String dependency;
    private final String whileAway;
    private final Clock clock;
    private volatile Instant lastAnswer;
    private volatile Instant failingSince;
    private volatile String lastFailure = "";

    /** @param whileAway what Omnihub does while the server does not answer, for the log */
    ProbeState(String dependency, String whileAway, Clock clock, MeterRegistry registry) {
        this.dependency = dependency;
        this.whileAway = whileAway;
        this.clock = clock;
        Gauge.builder("omnihub.dependency.up", this, p -> p.answering() ? 1 : 0).tag("dependency", dependency)
                .description("1 while the dependency answers, 0 while Omnihub works around it")
                .register(registry);
    }

    void answered() {
        if (failingSince != null) {
            LOG.infof("%s answers again", dependency);
        }
        lastAnswer = clock.instant();
        failingSince = null;
    }

    void failed(Throwable e) {
        if (failingSince == null) {
            LOG.warnf("%s does not answer (%s): %s", dependency, e.getClass().getSimpleName(), whileAway);
            failingSince = clock.instant();
        }
        lastFailure = e.getClass().getSimpleName();
    }

    /** Whether the server answered the last probe: it has answered, and no probe failed since. */
    boolean answering() {
        return lastAnswer != null && failingSince == null;
    }

    /**
     * Whether the server has not answered since a probe failed, for {@code span} since its last answer or, if it
     * never answered, since that failure.
     */
    boolean silentFor(Duration span) {
        Instant failing = failingSince;
        Instant last = lastAnswer;
        return failing != null && (last == null ? failing : last).isBefore(clock.instant().minus(span));
    }

    boolean answeredOnce() {
        return lastAnswer != null;
    }

    /** When the server last answered; {@code never} before its first answer. */
    String lastAnswer() {
        Instant last = lastAnswer;
        return last == null ? "never" : last.toString();
    }

    String lastFailure() {
        return lastFailure;
    }
}
