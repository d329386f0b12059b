package io.omnihub.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.assertj.core.api.SoftAssertions;

/**
 * Two replicas on the same servers, each relaying the outbox. For each of 20 web requests an operator sends 5 replies
 * quickly in sequence (each after the previous was answered), alternating replicas, all requests at once (both replicas warmed
 * up first). On
 * {@code omnihub.replies.web} each reply must appear once per attempt (no duplicate dispatch), and each request's
 * replies in the order they were created.
 */
final class ReplyOrdering {

    private static final int REQUESTS = 20;
    private static final int REPLIES = 5;
    private static final int WARM_UP_REPLIES = 20;
    private static final Duration PUBLISHED_WITHIN = Duration.ofSeconds(30);

    private final FaultLab lab;

    ReplyOrdering(FaultLab lab) {
        this.lab = lab;
    }

    void run(FaultReport.Entry report) throws Exception {
        Map<String, Object> figures = report.figures();
        OmnihubProcess a = lab.omnihub("replica-replies-a", Map.of());
        OmnihubProcess b = lab.omnihub("replica-replies-b", Map.of());
        OmnihubProcess.startAll(a, b);
        IntakeTraffic traffic = new IntakeTraffic("replica-replies", lab.adapterKeys(a.url(), "replica-replies"));
        String operator = lab.operatorToken(a.url());
        figures.put("warmUp", WarmUp.run(traffic, List.of(a.url(), b.url()), 20));
        List<String> requests = new ArrayList<>();
        for (int i = 0; requests.size() < REQUESTS + WARM_UP_REPLIES; i += 2) { // even: web
            Answer answer = HubCalls.send(traffic.request(i, a.url()));
            if (!answer.ok()) {
                throw new IllegalStateException("Setting up: intake answered " + answer.kind());
            }
            requests.add(answer.field("requestId"));
        }
        // the reply path of both replicas warmed up too, on requests of their own, not judged
        for (int k = 0; k < WARM_UP_REPLIES; k++) {
            HubCalls.send(HubCalls.reply(k % 2 == 0 ? a.url() : b.url(), operator, requests.remove(0), "Warm-up"));
        }
        // each request's replies in sequence, alternating replicas; all requests at once
        Map<String, List<String>> sent = Collections.synchronizedMap(new LinkedHashMap<>());
        List<Outcome> answers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        List<Future<?>> done = new ArrayList<>();
        for (String request : requests) {
            done.add(pool.submit(() -> {
                List<String> order = new ArrayList<>();
                for (int k = 0; k < REPLIES; k++) {
                    Answer answer = HubCalls.send(HubCalls.reply(k % 2 == 0 ? a.url() : b.url(), operator, request,
                            "Reply " + (k + 1) + " of " + REPLIES));
                    answers.add(Outcome.single(k, request, answer));
                    if (answer.ok() && "web".equals(answer.field("channel"))) {
                        order.add(answer.field("messageId"));
                    }
                }
                sent.put(request, order);
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        report.requests("replies", answers);
        Set<String> expected = new HashSet<>();
        sent.values().forEach(expected::addAll);
        long until = System.nanoTime() + PUBLISHED_WITHIN.toNanos();
        while (!lab.tap.ids("omnihub.replies.web").containsAll(expected) && System.nanoTime() < until) {
            Signals.sleep(250);
        }
        List<KafkaTap.Record> records = lab.tap.records(r -> r.topic().equals("omnihub.replies.web")
                && expected.contains(r.id()));
        Map<String, Long> perAttempt = new TreeMap<>();
        records.forEach(r -> perAttempt.merge(r.id() + " attempt " + r.attempt(), 1L, Long::sum));
        List<String> duplicates = perAttempt.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " published " + e.getValue() + " times").toList();
        Set<String> published = new HashSet<>();
        records.forEach(r -> published.add(r.id()));
        List<String> missing = expected.stream().filter(id -> !published.contains(id)).toList();
        List<String> outOfOrder = new ArrayList<>();
        sent.forEach((request, order) -> {
            List<String> seen = records.stream().filter(r -> request.equals(r.key()))
                    .sorted(Comparator.comparingInt(KafkaTap.Record::partition)
                            .thenComparingLong(KafkaTap.Record::offset))
                    .map(KafkaTap.Record::id).distinct().toList();
            List<String> created = order.stream().filter(published::contains).toList();
            if (!seen.equals(created)) {
                outOfOrder.add("request " + request + ": created " + created + ", on Kafka " + seen);
            }
        });

        figures.put("requests", REQUESTS);
        figures.put("repliesPerRequest", REPLIES);
        figures.put("replyCalls", Figures.summary(answers));
        figures.put("routedToWeb", expected.size());
        figures.put("published", published.size());
        figures.put("records", records.size());
        figures.put("missing", missing.size());
        figures.put("duplicateDispatches", duplicates.size());
        figures.put("requestsOutOfOrder", outOfOrder.size());

        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(Figures.failures(answers)).as("reply calls that failed, by kind").isEmpty();
        Expect.none(softly, missing, "replies routed to web but not on omnihub.replies.web within "
                + PUBLISHED_WITHIN.toSeconds() + " s");
        Expect.none(softly, duplicates, "replies published more than once for one attempt");
        Expect.none(softly, outOfOrder, "requests whose replies reached Kafka in another order than they were created");
        softly.assertAll();
    }
}
