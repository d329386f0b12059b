package io.omnihub.faults;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;

/**
 * PostgreSQL stopped (a clean fast shutdown, then started again) or paused (SIGSTOP, then SIGCONT) for 30 s under
 * 20 intakes/s. From the fault on, every intake must be answered within 2 s, either 2xx or 503 with
 * {@code Retry-After}, also while the database hangs; and within 10 s of the database's return every request is
 * served (2xx) again.
 */
final class PostgresOutage {

    private static final double RATE = 20;
    private static final double BEFORE = 6;
    private static final double AFTER = 12;
    private static final double ANSWER_WITHIN_MS = 2000;
    private static final double SERVE_AGAIN_WITHIN = 10;

    private final FaultLab lab;
    private final boolean pause;

    PostgresOutage(FaultLab lab, boolean pause) {
        this.lab = lab;
        this.pause = pause;
    }

    void run(FaultReport.Entry report) throws Exception {
        Map<String, Object> figures = report.figures();
        String name = pause ? "postgres-pause" : "postgres-stop";
        double outage = lab.settings.length(30, 120).toSeconds();
        FaultLab.Warm replica = lab.warmReplica(name, Map.of(), RATE, figures);
        OmnihubProcess hub = replica.hub();
        IntakeTraffic traffic = replica.traffic();
        List<URI> target = replica.target();
        double faultAt;
        double back;
        List<Outcome> all;
        try (ReadinessPoller ready = new ReadinessPoller(hub.url())) {
            var load = ConstantRateLoad.start(name, RATE, Duration.ofSeconds((long) (BEFORE + outage + AFTER)),
                    i -> traffic.call(i, target));
            try {
                load.sleepUntil(BEFORE);
                faultAt = load.elapsed();
                if (pause) {
                    lab.postgres.pause();
                } else {
                    lab.postgres.stop();
                }
                load.sleepUntil(BEFORE + outage);
                if (pause) {
                    lab.postgres.resume();
                } else {
                    lab.postgres.restart(); // returns once it answers
                }
                back = load.elapsed();
            } finally {
                lab.postgres.ensureRunning();
            }
            all = load.await();
            report.requests("intake", all);
            figures.put("timeline",
                    Figures.ordered("loadStart", load.at(0), "fault", load.at(faultAt), "return", load.at(back)));
            figures.put("readiness", ready.summary());
        }
        double windowEnd = back + SERVE_AGAIN_WITHIN;
        List<Outcome> window = Figures.between(all, faultAt, windowEnd);
        List<Outcome> wrong = window.stream()
                .filter(o -> !o.ok() && !(o.answer().status() == 503 && o.answer().retryAfter())).toList();
        List<Outcome> late = window.stream().filter(o -> o.latencyMs() > ANSWER_WITHIN_MS).toList();
        Double servingAgain = Figures.servingAgainAfter(all, back);

        figures.put("rate", RATE);
        figures.put("faultSeconds", Figures.round(back - faultAt));
        figures.put("load", Figures.summary(all));
        figures.put("beforeFault", Figures.summary(Figures.between(all, 0, faultAt)));
        figures.put("duringFault", Figures.summary(Figures.between(all, faultAt, back)));
        figures.put("firstTenSecondsBack", Figures.summary(Figures.between(all, back, windowEnd)));
        figures.put("answered503WithRetryAfter", window.stream()
                .filter(o -> o.answer().status() == 503 && o.answer().retryAfter()).count());
        figures.put("answeredOtherwise", Figures.failures(wrong));
        figures.put("answeredLaterThan2s", late.size());
        figures.put("servingAgainSecondsAfterReturn", servingAgain);

        SoftAssertions softly = new SoftAssertions();
        Expect.baseline(softly, all, faultAt);
        softly.assertThat(Figures.failures(wrong)).as("intakes from the fault until 10 s after the database's return"
                + " answered other than 2xx or 503 with Retry-After, by kind").isEmpty();
        softly.assertThat(late.size()).as("intakes from the fault until 10 s after the return answered later than 2 s"
                + " (or not at all; p99 %s ms, max %s ms)", Figures.percentile(window, 99),
                Figures.percentile(window, 100)).isZero();
        softly.assertThat(servingAgain).as("seconds after the database's return until every intake is served again"
                + " (null: never within the run)").isNotNull().isLessThanOrEqualTo(SERVE_AGAIN_WITHIN);
        Expect.assertAll(softly, all, faultAt, ANSWER_WITHIN_MS / 2,
                Boolean.TRUE.equals(((Map<?, ?>) figures.get("warmUp")).get("settled")));
    }
}
