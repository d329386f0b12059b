package io.omnihub.faults;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;

/**
 * Omnihub killed (SIGKILL) under 20 intakes/s and started again at once. Afterwards the client retries every intake
 * that failed or went unanswered, with the same external id and body. No acknowledged intake may be lost, and the
 * retries may create no duplicate: one message per external id.
 */
final class HubCrash {

    private static final double RATE = 20;
    private static final double KILL_AT = 6;
    private static final double DURATION = 20;
    private static final int RETRIES = 3;

    private final FaultLab lab;

    HubCrash(FaultLab lab) {
        this.lab = lab;
    }

    void run(FaultReport.Entry report) throws Exception {
        Map<String, Object> figures = report.figures();
        FaultLab.Warm replica = lab.warmReplica("omnihub-kill", Map.of(), RATE, figures);
        OmnihubProcess hub = replica.hub();
        IntakeTraffic traffic = replica.traffic();
        List<URI> target = replica.target();
        Instant since = Instant.now();
        var load = ConstantRateLoad.start("omnihub-kill", RATE, Duration.ofSeconds((long) DURATION),
                i -> traffic.call(i, target));
        load.sleepUntil(KILL_AT);
        double killedAt = load.elapsed();
        hub.kill();
        hub.start(); // same port, same servers; returns once ready
        double back = load.elapsed();
        List<Outcome> all = load.await();
        report.requests("intake", all);

        // the client's retries: every request without a 2xx, again, same id and body, until answered
        Map<String, Answer> answers = new LinkedHashMap<>();
        all.forEach(o -> answers.put(o.key(), o.answer()));
        int retried = 0;
        int duplicateAnswers = 0;
        for (Outcome o : all) {
            if (o.ok()) {
                continue;
            }
            retried++;
            Answer answer = o.answer();
            for (int attempt = 0; attempt < RETRIES && !answer.ok(); attempt++) {
                answer = HubCalls.send(traffic.request(o.index(), hub.url()));
            }
            answers.put(o.key(), answer);
            if (answer.ok() && "true".equals(answer.field("duplicate"))) {
                duplicateAnswers++;
            }
        }
        List<String> stillFailing = answers.entrySet().stream().filter(e -> !e.getValue().ok())
                .map(e -> e.getKey() + " " + e.getValue().kind()).toList();
        IntakeAudit audit = IntakeAudit.of(lab.store, since, answers);

        figures.put("rate", RATE);
        figures.put("load", Figures.summary(all));
        figures.put("timeline", Figures.ordered("loadStart", load.at(0), "kill", load.at(killedAt), "ready", load.at(back)));
        figures.put("restartSeconds", Figures.round(back - killedAt));
        figures.put("servingAgainSecondsAfterReady", Figures.servingAgainAfter(all, back));
        figures.put("retried", retried);
        figures.put("retriesAnsweredDuplicate", duplicateAnswers);
        figures.put("stillFailingAfterRetries", stillFailing.size());
        figures.put("store", audit.figures());

        SoftAssertions softly = new SoftAssertions();
        Expect.baseline(softly, all, killedAt);
        Expect.none(softly, audit.lost(), "acknowledged intakes (first try or retry) not complete in the database");
        Expect.none(softly, audit.duplicated(), "external ids with more than one message after the retries");
        Expect.none(softly, audit.otherIds(), "intakes answered with other ids than stored");
        Expect.none(softly, stillFailing, "intakes still failing after " + RETRIES + " retries on the restarted Omnihub");
        softly.assertAll();
    }
}
