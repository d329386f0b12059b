package io.omnihub.request;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "omnihub.requests")
public interface RequestConfig {

    /**
     * A new customer message reopens a RESOLVED request on its thread within this period (env OMNIHUB_REQUESTS_REOPEN_PERIOD).
     */
    @WithDefault("P7D")
    Duration reopenPeriod();

    /**
     * A request resolved or closed whose last activity is older than this is depersonalised: texts, subject, category
     * and thread reference emptied, counts kept (env OMNIHUB_REQUESTS_CLOSED_RETENTION).
     */
    @WithDefault("P365D")
    Duration closedRetention();

    /** The satisfaction survey after resolution (CSAT). */
    Csat csat();

    interface Csat {
        /** Whether a request people answered and resolved gets a one-question survey (env OMNIHUB_REQUESTS_CSAT_ENABLED). */
        @WithDefault("true")
        boolean enabled();

        /** An answer (1-5) counts when it comes within this period after the survey went out. */
        @WithDefault("P3D")
        Duration answerWithin();

        /** How often due surveys are looked for (a scheduler interval: 5s, 1m). */
        @WithDefault("5s")
        String checkInterval();

        /** The question, sent through the routed channel with the purpose FEEDBACK. */
        @WithDefault("How satisfied are you with how we handled your request? Reply with a number from 1 (poor) to 5 (excellent).")
        String question();
    }

    /**
     * How often requests past their first-response and resolution targets are looked for (a scheduler interval; env
     * OMNIHUB_REQUESTS_SLA_CHECK_INTERVAL); read by {@code SlaWatch}'s schedule.
     */
    @WithDefault("10s")
    String slaCheckInterval();

    /**
     * How often unowned requests of auto-assigning teams are handed out (env OMNIHUB_REQUESTS_AUTO_ASSIGN_INTERVAL);
     * read by {@code AutoAssignment}'s schedule.
     */
    @WithDefault("3s")
    String autoAssignInterval();

    /** The largest page a list or timeline query returns. */
    @WithDefault("200")
    int maxPageSize();
}
