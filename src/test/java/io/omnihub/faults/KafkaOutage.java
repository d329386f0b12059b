package io.omnihub.faults;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.assertj.core.api.SoftAssertions;

/**
 * Kafka away (SIGSTOP; in soak runs killed and restarted) for 25 s under 20 intakes/s and 4 replies/s, with an outbox
 * configured to give up after two quick attempts (the old code parked such rows as published: silently dropped).
 * Every outbox row committed in the scenario must end up on Kafka (events by their id, replies by their message id),
 * every acknowledged request must have its {@code request.created} event and every routed reply its record, all
 * within 60 s of Kafka's return; and readiness must stay UP throughout, each poll answered within 1 s.
 */
final class KafkaOutage {

    static final Map<String, String> QUICK_GIVE_UP = Map.of("omnihub.outbox.max-attempts", "2",
            "omnihub.outbox.initial-backoff", "PT0.2S", "omnihub.outbox.max-backoff", "PT0.5S");
    private static final double INTAKE_RATE = 20;
    private static final double REPLY_RATE = 4;
    private static final double BEFORE = 5;
    private static final double AFTER = 5;
    private static final Duration DRAINED_WITHIN = Duration.ofSeconds(60);

    private final FaultLab lab;

    KafkaOutage(FaultLab lab) {
        this.lab = lab;
    }

    void run(FaultReport.Entry report) throws Exception {
        Map<String, Object> figures = report.figures();
        double outage = lab.settings.length(25, 180).toSeconds();
        FaultLab.Warm replica = lab.warmReplica("kafka-outage", QUICK_GIVE_UP, INTAKE_RATE, figures);
        OmnihubProcess hub = replica.hub();
        IntakeTraffic traffic = replica.traffic();
        List<URI> target = replica.target();
        String operator = lab.operatorToken(hub.url());
        ConcurrentLinkedQueue<String> toAnswer = new ConcurrentLinkedQueue<>();
        Duration length = Duration.ofSeconds((long) (BEFORE + outage + AFTER));
        Instant since = Instant.now();
        Instant returned;
        List<Outcome> intakes;
        List<Outcome> replies;
        try (ReadinessPoller ready = new ReadinessPoller(hub.url())) {
            var intake = ConstantRateLoad.start("kafka-outage-intake", INTAKE_RATE, length,
                    i -> traffic.call(i, target), o -> {
                        if (o.ok()) {
                            toAnswer.add(o.answer().field("requestId"));
                        }
                    });
            var reply = ConstantRateLoad.start("kafka-outage-replies", REPLY_RATE, length, i -> {
                String request = toAnswer.poll();
                return request == null ? null
                        : ConstantRateLoad.Call.of(request, HubCalls.reply(hub.url(), operator, request, "Reply " + i));
            });
            try {
                intake.sleepUntil(BEFORE);
                if (lab.settings.soak()) {
                    lab.kafka.kill();
                } else {
                    lab.kafka.pause();
                }
                intake.sleepUntil(BEFORE + outage);
                if (lab.settings.soak()) {
                    lab.kafka.restart();
                } else {
                    lab.kafka.resume();
                }
                returned = Instant.now();
                figures.put("timeline", Figures.ordered("loadStart", intake.at(0), "kafkaAway", intake.at(BEFORE),
                        "kafkaBack", returned.toString()));
            } finally {
                lab.kafka.ensureRunning();
            }
            intakes = intake.await();
            replies = reply.await();
            report.requests("intake", intakes);
            report.requests("replies", replies);
            // what Omnihub committed, and what it told clients, must all reach Kafka
            Set<String> expected = new HashSet<>();
            List<Store.OutboxRow> rows = lab.store.outboxSince(since).stream()
                    .filter(r -> !r.reply() || r.topic().equals("omnihub.replies." + r.messageChannel())).toList();
            rows.forEach(r -> expected.add(r.topic() + "|" + r.cloudEventId()));
            intakes.stream().filter(o -> o.ok() && "true".equals(o.answer().field("newRequest")))
                    .forEach(o -> expected.add("request.created|" + o.answer().field("requestId")));
            replies.stream().filter(o -> o.ok() && o.answer().field("channel") != null)
                    .forEach(o -> expected.add("omnihub.replies." + o.answer().field("channel") + "|"
                            + o.answer().field("messageId")));
            Instant deadline = returned.plus(DRAINED_WITHIN);
            Set<String> missing = missing(expected);
            while (!missing.isEmpty() && Instant.now().isBefore(deadline)) {
                Signals.sleep(500);
                missing = missing(expected);
            }
            figures.put("readiness", ready.summary());
            long notUp = ready.polls().stream().filter(p -> !p.up()).count();
            long lastRecord = lab.tap.records(r -> expected.contains(r.topic() + "|" + r.id())
                    || expected.contains(r.type() + "|" + r.subject())).stream()
                    .mapToLong(KafkaTap.Record::timestamp).max().orElse(0);
            Set<String> finalMissing = missing;
            List<Store.OutboxRow> lost = rows.stream()
                    .filter(r -> finalMissing.contains(r.topic() + "|" + r.cloudEventId()) && (r.published() || r.dead()))
                    .toList();

            figures.put("outageSeconds", outage);
            figures.put("mode", lab.settings.soak() ? "SIGKILL and restart" : "SIGSTOP and SIGCONT");
            figures.put("intake", Figures.summary(intakes));
            figures.put("replies", Figures.summary(replies));
            figures.put("outboxRows", rows.size());
            figures.put("expectedOnKafka", expected.size());
            figures.put("missingOnKafka", missing.size());
            figures.put("markedPublishedOrDeadButNotOnKafka", lost.size());
            figures.put("drainSecondsAfterReturn", missing.isEmpty() && lastRecord > 0
                    ? Figures.round(Math.max(0, lastRecord - returned.toEpochMilli()) / 1000.0)
                    : null);

            SoftAssertions softly = new SoftAssertions();
            Expect.baseline(softly, intakes, BEFORE);
            Expect.none(softly, lost, "outbox rows marked published (or dead) that never reached Kafka: lost silently");
            Expect.none(softly, missing, "committed events and replies (topic|id) not on Kafka "
                    + DRAINED_WITHIN.toSeconds() + " s after it returned");
            softly.assertThat(notUp).as("readiness polls not UP within 1 s while Kafka was away or draining, by kind: %s",
                    ready.summary().get("notUpByKind")).isZero();
            softly.assertAll();
        }
    }

    /** The expected keys not read yet: {@code topic|ce_id}, or {@code request.created|requestId}. */
    private Set<String> missing(Set<String> expected) {
        Set<String> seen = new HashSet<>();
        lab.tap.records(r -> true).forEach(r -> {
            seen.add(r.topic() + "|" + r.id());
            seen.add(r.type() + "|" + r.subject());
        });
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(seen);
        return missing;
    }
}
