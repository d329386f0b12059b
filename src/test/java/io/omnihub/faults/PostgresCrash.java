package io.omnihub.faults;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;

/**
 * PostgreSQL killed (SIGKILL to the postmaster and every backend) under 20 intakes/s, then started again (crash
 * recovery). Every acknowledged intake must be complete in the database (receipt, message, request and outbox rows,
 * under the ids the client was given), and no unacknowledged one may be half there.
 */
final class PostgresCrash {

    private static final double RATE = 20;
    private static final double KILL_AT = 6;
    private static final double DURATION = 20;

    private final FaultLab lab;

    PostgresCrash(FaultLab lab) {
        this.lab = lab;
    }

    void run(FaultReport.Entry report) throws Exception {
        Map<String, Object> figures = report.figures();
        FaultLab.Warm replica = lab.warmReplica("postgres-kill", Map.of(), RATE, figures);
        IntakeTraffic traffic = replica.traffic();
        List<URI> target = replica.target();
        Instant since = Instant.now();
        var load = ConstantRateLoad.start("postgres-kill", RATE, Duration.ofSeconds((long) DURATION),
                i -> traffic.call(i, target));
        double killedAt;
        double back;
        try {
            load.sleepUntil(KILL_AT);
            killedAt = load.elapsed();
            lab.postgres.kill();
            lab.postgres.restart(); // returns once recovered and answering
            back = load.elapsed();
        } finally {
            lab.postgres.ensureRunning();
        }
        List<Outcome> all = load.await();
        report.requests("intake", all);
        Signals.sleep(3000); // a request the client gave up on may still be committing
        Map<String, Answer> answers = new LinkedHashMap<>();
        all.forEach(o -> answers.put(o.key(), o.answer()));
        IntakeAudit audit = IntakeAudit.of(lab.store, since, answers);

        figures.put("rate", RATE);
        figures.put("load", Figures.summary(all));
        figures.put("timeline", Figures.ordered("loadStart", load.at(0), "kill", load.at(killedAt), "back", load.at(back)));
        figures.put("downSeconds", Figures.round(back - killedAt));
        figures.put("afterRestart", Figures.summary(Figures.between(all, back, DURATION)));
        figures.put("servingAgainSecondsAfterRestart", Figures.servingAgainAfter(all, back));
        figures.put("store", audit.figures());

        SoftAssertions softly = new SoftAssertions();
        Expect.baseline(softly, all, killedAt);
        Expect.none(softly, audit.lost(), "acknowledged intakes not complete in the database after the crash");
        Expect.none(softly, audit.otherIds(), "acknowledged intakes stored under other ids than the answer gave");
        Expect.none(softly, audit.halfPresent(), "unacknowledged intakes half present (some of their rows, not all)");
        Expect.none(softly, audit.duplicated(), "external ids with more than one message");
        softly.assertAll();
    }
}
