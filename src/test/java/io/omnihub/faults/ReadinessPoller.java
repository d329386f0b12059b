package io.omnihub.faults;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Asks a replica's readiness ({@code /q/health/ready}) every 500 ms, each time with a 1 s client timeout, and keeps
 * every answer: a probe that Kubernetes would have failed shows here.
 */
final class ReadinessPoller implements AutoCloseable {

    /** One poll: when (seconds after the poller started) and what it got. */
    record Poll(double atSeconds, Answer answer) {

        boolean up() {
            return answer.status() == 200;
        }
    }

    private final long t0 = System.nanoTime();
    private final List<Poll> polls = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    ReadinessPoller(URI hub) {
        thread = new Thread(() -> {
            while (running) {
                long next = System.nanoTime() + 500_000_000L;
                Answer answer = HubCalls.send(HubCalls.ready(hub, Duration.ofSeconds(1)));
                synchronized (polls) {
                    polls.add(new Poll((System.nanoTime() - t0) / 1e9, answer));
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Signals.sleep(wait / 1_000_000);
                }
            }
        }, "faults-readiness");
        thread.setDaemon(true);
        thread.start();
    }

    List<Poll> polls() {
        synchronized (polls) {
            return List.copyOf(polls);
        }
    }

    /** Polls, how many were UP, and the others by kind ({@code HTTP 503}, {@code timeout}, …). */
    Map<String, Object> summary() {
        List<Poll> all = polls();
        Map<String, Long> notUp = new TreeMap<>();
        all.stream().filter(p -> !p.up()).forEach(p -> notUp.merge(p.answer().kind(), 1L, Long::sum));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("polls", all.size());
        m.put("up", all.stream().filter(Poll::up).count());
        m.put("notUpByKind", notUp);
        m.put("slowestMs", Figures.round(all.stream().mapToDouble(p -> p.answer().latencyMs()).max().orElse(0)));
        return m;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
