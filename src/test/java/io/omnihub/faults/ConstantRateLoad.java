package io.omnihub.faults;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * An open-model, constant-rate load: request {@code i} is due at {@code t0 + i / rate} whatever happened to the
 * requests before it, and its latency is measured from that intended time, so a server that stalls shows up as the
 * full delay its clients saw (no coordinated omission). Every request is recorded ({@link Outcome}), each send bounded
 * by the client timeout. A call may name fallbacks: on no answer or a 5xx, the next one is sent at once (a client
 * that retries on another replica).
 */
final class ConstantRateLoad {

    /** One request: an id to check it by, and its attempts in order (usually one). */
    record Call(String key, List<HttpRequest> attempts) {

        static Call of(String key, HttpRequest request) {
            return new Call(key, List.of(request));
        }
    }

    private ConstantRateLoad() {
    }

    /**
     * Starts sending {@code rate} requests per second for {@code duration} on a thread of its own; {@code calls} makes
     * request {@code i} at its due time (null: none this time).
     */
    static Run start(String name, double rate, Duration duration, IntFunction<Call> calls) {
        return new Run(name, rate, duration, calls, outcome -> {
        });
    }

    /** As {@link #start(String, double, Duration, IntFunction)}, telling {@code answered} of each final answer. */
    static Run start(String name, double rate, Duration duration, IntFunction<Call> calls,
            Consumer<Outcome> answered) {
        return new Run(name, rate, duration, calls, answered);
    }

    /** A running load; its clock starts at construction. */
    static final class Run {

        private final long t0 = System.nanoTime() + 20_000_000L;
        private final Instant wallT0 = Instant.now().plusMillis(20);
        private final List<CompletableFuture<Outcome>> sent = new ArrayList<>();
        private final Consumer<Outcome> answered;
        private final Thread scheduler;

        private Run(String name, double rate, Duration duration, IntFunction<Call> calls, Consumer<Outcome> answered) {
            this.answered = answered;
            int total = (int) Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
            double period = 1e9 / rate;
            scheduler = new Thread(() -> {
                for (int i = 0; i < total; i++) {
                    long intended = t0 + (long) (i * period);
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Call call = calls.apply(i);
                    if (call != null) {
                        CompletableFuture<Outcome> outcome = attempt(i, call, intended, System.nanoTime(), 0, null);
                        synchronized (sent) {
                            sent.add(outcome);
                        }
                    }
                }
            }, "load-" + name);
            scheduler.setDaemon(true);
            scheduler.start();
        }

        private CompletableFuture<Outcome> attempt(int index, Call call, long intended, long sentAt, int n,
                String firstFailure) {
            return HubCalls.sendAsync(call.attempts().get(n)).thenCompose(answer -> {
                String failure = firstFailure != null || answer.ok() ? firstFailure : answer.kind();
                if (answer.retriable() && n + 1 < call.attempts().size()) {
                    return attempt(index, call, intended, sentAt, n + 1, failure);
                }
                Outcome outcome = new Outcome(index, call.key(), (intended - t0) / 1e9, (sentAt - t0) / 1e9,
                        (System.nanoTime() - intended) / 1e6, answer, n + 1, failure);
                try {
                    answered.accept(outcome);
                } catch (RuntimeException e) {
                    System.err.println("[faults] " + e); // a listener's bug must not lose the outcome
                }
                return CompletableFuture.completedFuture(outcome);
            });
        }

        /** Seconds since the load's clock started. */
        double elapsed() {
            return (System.nanoTime() - t0) / 1e9;
        }

        /** The wall-clock time this many seconds after the load's start, to find it in the servers' logs. */
        String at(double seconds) {
            return wallT0.plusMillis((long) (seconds * 1000)).toString();
        }

        /** Sleeps until this many seconds after the load's start. */
        void sleepUntil(double seconds) {
            long wait = t0 + (long) (seconds * 1e9) - System.nanoTime();
            if (wait > 0) {
                Signals.sleep(wait / 1_000_000);
            }
        }

        /** Waits until every request was sent and answered (or timed out); answers them in the order they were due. */
        List<Outcome> await() {
            try {
                scheduler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            List<CompletableFuture<Outcome>> all;
            synchronized (sent) {
                all = List.copyOf(sent);
            }
            return all.stream().map(CompletableFuture::join).toList();
        }
    }
}
