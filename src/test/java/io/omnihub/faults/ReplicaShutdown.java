package io.omnihub.faults;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.assertj.core.api.SoftAssertions;

/**
 * Two replicas share the load (20 intakes/s, alternately); one gets SIGTERM, as in a rolling update. The client sends
 * each intake to one replica and, on a connection error, a timeout or a 5xx, at once to the other. After that retry
 * the client must have seen no error at all, and nothing acknowledged may be lost or duplicated. An error on replicas
 * that never warmed up, or were already slow before the SIGTERM, is {@link Expect.Inconclusive} (a loss or a duplicate
 * never is): once the survivor carries twice its share, a cold JIT alone makes clients time out.
 */
final class ReplicaShutdown {

    private static final double RATE = 20;
    private static final double TERM_AT = 7;
    private static final double DURATION = 20;
    /** Above this intake p99 before the SIGTERM, the survivor could not take the other's share within the timeout. */
    private static final double BASELINE_P99_MS = 1000;

    private final FaultLab lab;

    ReplicaShutdown(FaultLab lab) {
        this.lab = lab;
    }

    void run(FaultReport.Entry report) throws Exception {
        Map<String, Object> figures = report.figures();
        OmnihubProcess a = lab.omnihub("replica-sigterm-a", Map.of());
        OmnihubProcess b = lab.omnihub("replica-sigterm-b", Map.of());
        OmnihubProcess.startAll(a, b);
        IntakeTraffic traffic = new IntakeTraffic("replica-sigterm", lab.adapterKeys(a.url(), "replica-sigterm"));
        List<URI> aFirst = List.of(a.url(), b.url());
        List<URI> bFirst = List.of(b.url(), a.url());
        figures.put("warmUp", WarmUp.run(traffic, aFirst, RATE));
        Instant since = Instant.now();
        var load = ConstantRateLoad.start("replica-sigterm", RATE, Duration.ofSeconds((long) DURATION),
                i -> traffic.call(i, i % 2 == 0 ? aFirst : bFirst));
        load.sleepUntil(TERM_AT);
        double termAt = load.elapsed();
        a.terminate();
        CompletableFuture<Double> exitedAt = CompletableFuture.supplyAsync(() -> {
            Integer code = a.awaitExit(Duration.ofSeconds(60));
            figures.put("terminatedExitCode", code);
            return load.elapsed();
        });
        List<Outcome> all = load.await();
        report.requests("intake", all);
        Double exited = exitedAt.join();
        Signals.sleep(2000); // a request the client gave up on may still be committing
        Map<String, Answer> answers = new LinkedHashMap<>();
        all.forEach(o -> answers.put(o.key(), o.answer()));
        IntakeAudit audit = IntakeAudit.of(lab.store, since, answers);
        List<Outcome> retried = all.stream().filter(o -> o.firstFailure() != null).toList();
        Map<String, Long> firstFailures = new java.util.TreeMap<>();
        retried.forEach(o -> firstFailures.merge(o.firstFailure(), 1L, Long::sum));

        figures.put("rate", RATE);
        figures.put("load", Figures.summary(all));
        figures.put("timeline", Figures.ordered("loadStart", load.at(0), "sigterm", load.at(termAt)));
        figures.put("terminatedReplicaExitSeconds", exited == null ? null : Figures.round(exited - termAt));
        figures.put("retriedOnTheOtherReplica", retried.size());
        figures.put("firstAttemptFailuresByKind", firstFailures);
        figures.put("store", audit.figures());

        SoftAssertions stored = new SoftAssertions(); // never the machine's fault: judged on any baseline
        Expect.none(stored, audit.lost(), "acknowledged intakes not complete in the database");
        Expect.none(stored, audit.duplicated(), "external ids with more than one message");
        Expect.none(stored, audit.otherIds(), "acknowledged intakes stored under other ids than the answer gave");
        stored.assertAll();
        SoftAssertions served = new SoftAssertions();
        Expect.baseline(served, all, termAt);
        served.assertThat(Figures.failures(all))
                .as("errors the client saw after retrying on the other replica, by kind").isEmpty();
        Expect.assertAll(served, all, termAt, BASELINE_P99_MS,
                Boolean.TRUE.equals(((Map<?, ?>) figures.get("warmUp")).get("settled")));
    }
}
