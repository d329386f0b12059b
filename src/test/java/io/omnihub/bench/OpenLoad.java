package io.omnihub.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * An open-model, constant-rate load generator. Request {@code i} is due at {@code t0 + i / rate} whatever happened
 * to the requests before it, and its latency is measured from that intended time, so a server that falls behind
 * shows up as queueing delay instead of slowing the client down (no coordinated omission). Latencies go into an
 * HdrHistogram. The connections are bounded ({@code clients}); a request waiting for a free connection is late, and
 * that counts.
 * <p>
 * Written here, over Vert.x's WebClient that Omnihub already depends on, because the loop is this small; Hyperfoil
 * or Gatling would bring a second framework and a DSL for what one method does.
 */
final class OpenLoad implements AutoCloseable {

    private static final long MAX_LATENCY = TimeUnit.SECONDS.toNanos(60);
    private static final int TIMEOUT_MILLIS = 10_000;

    /** One request, and what to do with a successful answer (with the time it was meant to be sent). */
    record Call(HttpMethod method, String path, MultiMap headers, Buffer body, Answer answer) {
    }

    @FunctionalInterface
    interface Answer {
        void accept(long intendedNanos, Buffer body);
    }

    /** What one constant-rate step measured; latencies in milliseconds from the intended send time. */
    /**
     * One constant-rate step. {@code senderLateP99}: how late the generator itself sent (its own pauses count as
     * latency too); {@code outboxLagMs}: how old the oldest due and unpublished outbox row was when the step ended
     * (NaN when not measured); {@code work}: what it cost the servers (null when not measured).
     */
    record Step(String phase, double offered, double achieved, long ok, long failed, double p50, double p99,
            double p999, double max, Map<String, Integer> failures, double senderLateP99, double outboxLagMs,
            StepWork.Work work) {

        /** A rate holds only if nothing failed, p99 is within the limit, and the relay kept up (lag at most 1 s). */
        boolean sustainable(double p99Limit) {
            return failed == 0 && p99 <= p99Limit && !(outboxLagMs > MAX_OUTBOX_LAG_MS);
        }

        Step withOutboxLag(double ms) {
            return new Step(phase, offered, achieved, ok, failed, p50, p99, p999, max, failures, senderLateP99, ms,
                    work);
        }

        Step withWork(StepWork.Work measured) {
            return new Step(phase, offered, achieved, ok, failed, p50, p99, p999, max, failures, senderLateP99,
                    outboxLagMs, measured);
        }
    }

    /** The relay keeps up when nothing due waits longer than this at the end of a step. */
    static final double MAX_OUTBOX_LAG_MS = 1000;

    private final Vertx vertx = Vertx.vertx();
    private final WebClient client;
    private final Progress progress;

    OpenLoad(URI hub, int clients, Progress progress) {
        this.progress = progress;
        this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost(hub.getHost())
                .setDefaultPort(hub.getPort()).setMaxPoolSize(clients).setKeepAlive(true).setConnectTimeout(5_000)
                .setUserAgentEnabled(false));
    }

    /** Offers {@code rate} requests per second for {@code duration}, then waits for the last answers. */
    Step run(String phase, double rate, Duration duration, IntFunction<Call> calls) {
        int total = (int) Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        double period = 1e9 / rate;
        Histogram latency = new ConcurrentHistogram(MAX_LATENCY, 3);
        Histogram late = new ConcurrentHistogram(MAX_LATENCY, 3);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        AtomicLong lastAnswer = new AtomicLong();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(total);
        progress.track(() -> String.format("%s at %,.0f/s: sent %,d of %,d, answered %,d, failed %,d", phase, rate,
                sent.get(), total, ok.get() + failed.get(), failed.get()));
        long t0 = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        for (int i = 0; i < total; i++) {
            long intended = t0 + (long) (i * period);
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Call call = calls.apply(i);
            HttpRequest<Buffer> request = client.request(call.method(), call.path()).timeout(TIMEOUT_MILLIS);
            if (call.headers() != null) {
                request.putHeaders(call.headers());
            }
            Future<HttpResponse<Buffer>> answer = call.body() == null ? request.send() : request.sendBuffer(call.body());
            late.recordValue(Math.max(0, Math.min(System.nanoTime() - intended, MAX_LATENCY)));
            sent.incrementAndGet();
            answer.onComplete(result -> {
                long now = System.nanoTime();
                if (result.succeeded() && result.result().statusCode() / 100 == 2) {
                    latency.recordValue(Math.min(now - intended, MAX_LATENCY));
                    if (call.answer() != null) {
                        call.answer().accept(intended, result.result().body());
                    }
                    ok.incrementAndGet();
                } else {
                    String why = result.succeeded() ? "HTTP " + result.result().statusCode() + " " + call.path()
                            .replaceAll("[0-9a-f-]{36}", "{id}") : String.valueOf(result.cause().getMessage());
                    failures.merge(why, 1, Integer::sum);
                    failed.incrementAndGet();
                }
                lastAnswer.accumulateAndGet(now, Math::max);
                answered.countDown();
            });
        }
        try {
            answered.await(TIMEOUT_MILLIS + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long unanswered = answered.getCount();
        if (unanswered > 0) {
            failures.merge("no answer", (int) unanswered, Integer::sum);
        }
        double seconds = Math.max(lastAnswer.get() - t0, 1) / 1e9;
        progress.track(null);
        return new Step(phase, rate, ok.get() / seconds, ok.get(), failed.get() + unanswered,
                millis(latency, 50), millis(latency, 99), millis(latency, 99.9), latency.getMaxValue() / 1e6,
                Map.copyOf(failures), millis(late, 99), Double.NaN, null);
    }

    /** A progress line of the caller's own between steps (null: none). */
    void track(java.util.function.Supplier<String> what) {
        progress.track(what);
    }

    private static double millis(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1e6;
    }

    @Override
    public void close() {
        client.close();
        vertx.close();
    }
}
